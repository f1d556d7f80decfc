import { InputReader, utcInstant } from '@healthcred/validation';
import type {
  Facility, HealthRecord, PostalAddress, Recipient, TestResultRecord, TestResultValue, VaccinationRecord,
} from '@healthcred/types';
import { NAME_PART_FIELDS, readNameParts } from './read-name-parts.js';

/** Options of the record parsers. */
export interface ParseRecordOptions {
  /** The clock the dates are checked against: none may be more than a day after it. Default: the system clock. */
  now?: Date;
}

/** Every text of a record is printed and signed: no control, invisible or text-direction characters (`printable`). */
const NAME = { maxLength: 200, printable: true };
const TEXT = { maxLength: 500, printable: true };
const text = (maxLength: number) => ({ maxLength, printable: true });
const TEST_RESULTS: readonly TestResultValue[] = ['Negative', 'Positive', 'Inconclusive'];
/** No record of a living person is older. */
const EARLIEST = Date.UTC(1900, 0, 1);
/** How far ahead of the clock a date may be: a date written in a zone up to UTC+14, a clock a little behind. */
const FUTURE_SKEW_MS = 24 * 60 * 60 * 1000;

/** The instant of a date (midnight UTC) or date-time (a time without a zone read as UTC). */
function instantOf(value: string): number {
  return Date.parse(utcInstant(value) ?? `${value}T00:00:00Z`);
}

/** `value` of field `r`, refused when it is before 1900 or, unless `future` is allowed, later than a day from now. */
function plausible(r: InputReader, value: string, now: Date, future = false): string {
  const at = instantOf(value);
  if (at < EARLIEST) r.fail('must not be before 1900');
  if (!future && at > now.getTime() + FUTURE_SKEW_MS) r.fail('must not be in the future');
  return value;
}

/** Refuses an event dated (by its calendar date as written) before the person was born. */
function afterBirth(r: InputReader, value: string, dob: string): void {
  if (value.slice(0, 10) < dob) r.fail('must not be before record.recipient.dob');
}

function readAddress(r: InputReader): PostalAddress {
  r.onlyKeys(['streetAddress', 'streetAddress2', 'district', 'city', 'addressRegion', 'addressCountry', 'postalCode']);
  const optional = (name: string) => r.field(name).optional((f) => f.string(TEXT));
  return dropUndefined({
    streetAddress: optional('streetAddress'),
    streetAddress2: optional('streetAddress2'),
    district: optional('district'),
    city: optional('city'),
    addressRegion: optional('addressRegion'),
    addressCountry: r.field('addressCountry').string(text(100)),
    postalCode: r.field('postalCode').optional((f) => f.string(text(20))),
  });
}

function readRecipient(r: InputReader, now: Date): Recipient {
  r.onlyKeys(['refId', 'name', ...NAME_PART_FIELDS, 'dob', 'dobEstimated', 'gender', 'age', 'nationality', 'address']);
  return dropUndefined({
    refId: r.field('refId').string(text(100)),
    name: r.field('name').string(NAME),
    ...readNameParts(r, NAME),
    dob: plausible(r.field('dob'), r.field('dob').date(), now),
    dobEstimated: r.field('dobEstimated').optional((f) => f.boolean()),
    gender: r.field('gender').optional((f) => f.string(text(50))),
    age: r.field('age').optional((f) => f.integer({ min: 0, max: 150 })),
    nationality: r.field('nationality').optional((f) => f.string(text(100))),
    address: r.field('address').optional(readAddress),
  });
}

function readFacility(r: InputReader): Facility {
  r.onlyKeys(['name', 'address']);
  return { name: r.field('name').string(NAME), address: readAddress(r.field('address')) };
}

function readVerifier(r: InputReader): { name: string } {
  r.onlyKeys(['name']);
  return { name: r.field('name').string(NAME) };
}

function readVaccination(r: InputReader, now: Date, dob: string): VaccinationRecord['vaccination'] {
  r.onlyKeys(['vaccine', 'manufacturer', 'batch', 'date', 'dose', 'totalDoses', 'icd11Code', 'prophylaxis',
    'effectiveStart', 'effectiveUntil']);
  const dose = r.field('dose').integer({ min: 1, max: 20 });
  const totalDoses = r.field('totalDoses').integer({ min: 1, max: 20 });
  if (dose > totalDoses) r.field('dose').fail('must not be above record.vaccination.totalDoses');
  const date = plausible(r.field('date'), r.field('date').dateTime({ allowDate: true }), now);
  afterBirth(r.field('date'), date, dob);
  const effective = (name: string) => r.field(name).optional((f) => plausible(f, f.date(), now, true));
  const vaccination = dropUndefined({
    vaccine: r.field('vaccine').string(NAME),
    manufacturer: r.field('manufacturer').string(NAME),
    batch: r.field('batch').string(text(100)),
    date,
    dose,
    totalDoses,
    icd11Code: r.field('icd11Code').optional((f) => f.string({
      maxLength: 20, pattern: { regex: /^[0-9A-Z.&/]+$/, description: 'an ICD-11 code such as XM9QW8' },
    })),
    prophylaxis: r.field('prophylaxis').optional((f) => f.string(NAME)),
    effectiveStart: effective('effectiveStart'),
    effectiveUntil: effective('effectiveUntil'),
  });
  const { effectiveStart, effectiveUntil } = vaccination;
  if (effectiveStart !== undefined && effectiveUntil !== undefined && effectiveUntil < effectiveStart) {
    r.field('effectiveUntil').fail('must not be before record.vaccination.effectiveStart');
  }
  return vaccination;
}

function readTest(r: InputReader, now: Date, dob: string): TestResultRecord['test'] {
  r.onlyKeys(['disease', 'testType', 'testName', 'manufacturer', 'batch', 'sampleOrigin',
    'sampleCollectionTimestamp', 'resultTimestamp', 'result']);
  const optional = (name: string) => r.field(name).optional((f) => f.string(NAME));
  const sampled = plausible(r.field('sampleCollectionTimestamp'), r.field('sampleCollectionTimestamp').dateTime(), now);
  afterBirth(r.field('sampleCollectionTimestamp'), sampled, dob);
  const resultTimestamp = r.field('resultTimestamp').optional((f) => plausible(f, f.dateTime(), now));
  if (resultTimestamp !== undefined && instantOf(resultTimestamp) < instantOf(sampled)) {
    r.field('resultTimestamp').fail('must not be before record.test.sampleCollectionTimestamp');
  }
  return dropUndefined({
    disease: r.field('disease').string(NAME),
    testType: r.field('testType').string(NAME),
    testName: optional('testName'),
    manufacturer: optional('manufacturer'),
    batch: optional('batch'),
    sampleOrigin: optional('sampleOrigin'),
    sampleCollectionTimestamp: sampled,
    resultTimestamp,
    result: r.field('result').oneOf(TEST_RESULTS),
  });
}

/**
 * Reads and checks a vaccination record from untrusted JSON (a record file, an HTTP body).
 * Unknown fields are refused so that a misspelt field is not silently left off a certificate, and so are records that
 * make no sense: a date before 1900 or more than a day after `options.now` (the birth date, the vaccination date), a
 * vaccination before the birth date, a dose above the total doses, an `effectiveUntil` before `effectiveStart`, and
 * text holding control, invisible or text-direction characters (the zero-width joiners of Sinhala and Indic scripts
 * pass). The recipient's optional name parts (`givenName`, `familyName` and their Latin forms `latinGivenName`,
 * `latinFamilyName`) come in the pairs they need: a given name only with a family name, a Latin form only with its
 * part and in Latin letters, a Latin given name only with a Latin family name.
 *
 * @throws HealthcredError `invalid_input` naming the first offending field, e.g. `record.vaccination.dose`.
 */
export function parseVaccinationRecord(json: unknown, options: ParseRecordOptions = {}): VaccinationRecord {
  const now = options.now ?? new Date();
  const r = InputReader.of(json, 'record').onlyKeys(['recipient', 'vaccination', 'facility', 'verifier']);
  const recipient = readRecipient(r.field('recipient'), now);
  const record: VaccinationRecord = {
    recipient,
    vaccination: readVaccination(r.field('vaccination'), now, recipient.dob),
    facility: readFacility(r.field('facility')),
  };
  const verifier = r.field('verifier').optional(readVerifier);
  if (verifier) record.verifier = verifier;
  return record;
}

/**
 * Reads and checks a test-result record from untrusted JSON, refusing what makes no sense as
 * {@link parseVaccinationRecord} does (and a result before its sample).
 * @throws HealthcredError `invalid_input` naming the first offending field.
 */
export function parseTestResultRecord(json: unknown, options: ParseRecordOptions = {}): TestResultRecord {
  const now = options.now ?? new Date();
  const r = InputReader.of(json, 'record').onlyKeys(['recipient', 'test', 'facility', 'verifier']);
  const recipient = readRecipient(r.field('recipient'), now);
  const record: TestResultRecord = {
    recipient,
    test: readTest(r.field('test'), now, recipient.dob),
    facility: readFacility(r.field('facility')),
  };
  const verifier = r.field('verifier').optional(readVerifier);
  if (verifier) record.verifier = verifier;
  return record;
}

/**
 * Reads either kind of record, telling them apart by their `vaccination` or `test` field.
 * @throws HealthcredError `invalid_input` when it has neither or both, or when the record is invalid.
 */
export function parseHealthRecord(json: unknown, options: ParseRecordOptions = {}): HealthRecord {
  const r = InputReader.of(json, 'record');
  const hasVaccination = !r.field('vaccination').isMissing;
  const hasTest = !r.field('test').isMissing;
  if (hasVaccination === hasTest) r.fail('must have exactly one of "vaccination" or "test"');
  return hasVaccination
    ? { kind: 'vaccination', record: parseVaccinationRecord(json, options) }
    : { kind: 'test-result', record: parseTestResultRecord(json, options) };
}

/** Removes keys whose value is undefined, so optional fields are absent rather than present-but-empty. */
export function dropUndefined<T extends object>(value: T): T {
  const defined: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const member = (value as Record<string, unknown>)[key];
    if (member !== undefined) defined[key] = member;
  }
  return defined as T;
}
