import { InputReader } from '@healthcred/validation';
import type {
  Facility, HealthRecord, PostalAddress, Recipient, TestResultRecord, TestResultValue, VaccinationRecord,
} from '@healthcred/types';

const NAME = { maxLength: 200 };
const TEXT = { maxLength: 500 };
const TEST_RESULTS: readonly TestResultValue[] = ['Negative', 'Positive', 'Inconclusive'];

function readAddress(r: InputReader): PostalAddress {
  r.onlyKeys(['streetAddress', 'streetAddress2', 'district', 'city', 'addressRegion', 'addressCountry', 'postalCode']);
  const optional = (name: string) => r.field(name).optional((f) => f.string(TEXT));
  return dropUndefined({
    streetAddress: optional('streetAddress'),
    streetAddress2: optional('streetAddress2'),
    district: optional('district'),
    city: optional('city'),
    addressRegion: optional('addressRegion'),
    addressCountry: r.field('addressCountry').string({ maxLength: 100 }),
    postalCode: r.field('postalCode').optional((f) => f.string({ maxLength: 20 })),
  });
}

function readRecipient(r: InputReader): Recipient {
  r.onlyKeys(['refId', 'name', 'dob', 'dobEstimated', 'gender', 'age', 'nationality', 'address']);
  return dropUndefined({
    refId: r.field('refId').string({ maxLength: 100 }),
    name: r.field('name').string(NAME),
    dob: r.field('dob').date(),
    dobEstimated: r.field('dobEstimated').optional((f) => f.boolean()),
    gender: r.field('gender').optional((f) => f.string({ maxLength: 50 })),
    age: r.field('age').optional((f) => f.integer({ min: 0, max: 150 })),
    nationality: r.field('nationality').optional((f) => f.string({ maxLength: 100 })),
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

function readVaccination(r: InputReader): VaccinationRecord['vaccination'] {
  r.onlyKeys(['vaccine', 'manufacturer', 'batch', 'date', 'dose', 'totalDoses', 'icd11Code', 'prophylaxis',
    'effectiveStart', 'effectiveUntil']);
  const dose = r.field('dose').integer({ min: 1, max: 20 });
  const totalDoses = r.field('totalDoses').integer({ min: 1, max: 20 });
  return dropUndefined({
    vaccine: r.field('vaccine').string(NAME),
    manufacturer: r.field('manufacturer').string(NAME),
    batch: r.field('batch').string({ maxLength: 100 }),
    date: r.field('date').dateTime({ allowDate: true }),
    dose,
    totalDoses,
    icd11Code: r.field('icd11Code').optional((f) => f.string({
      maxLength: 20, pattern: { regex: /^[0-9A-Z.&/]+$/, description: 'an ICD-11 code such as XM9QW8' },
    })),
    prophylaxis: r.field('prophylaxis').optional((f) => f.string(NAME)),
    effectiveStart: r.field('effectiveStart').optional((f) => f.date()),
    effectiveUntil: r.field('effectiveUntil').optional((f) => f.date()),
  });
}

function readTest(r: InputReader): TestResultRecord['test'] {
  r.onlyKeys(['disease', 'testType', 'testName', 'manufacturer', 'batch', 'sampleOrigin',
    'sampleCollectionTimestamp', 'resultTimestamp', 'result']);
  const optional = (name: string) => r.field(name).optional((f) => f.string(NAME));
  return dropUndefined({
    disease: r.field('disease').string(NAME),
    testType: r.field('testType').string(NAME),
    testName: optional('testName'),
    manufacturer: optional('manufacturer'),
    batch: optional('batch'),
    sampleOrigin: optional('sampleOrigin'),
    sampleCollectionTimestamp: r.field('sampleCollectionTimestamp').dateTime(),
    resultTimestamp: r.field('resultTimestamp').optional((f) => f.dateTime()),
    result: r.field('result').oneOf(TEST_RESULTS),
  });
}

/**
 * Reads and checks a vaccination record from untrusted JSON (a record file, an HTTP body).
 * Unknown fields are refused so that a misspelt field is not silently left off a certificate.
 *
 * @throws HealthcredError `invalid_input` naming the first offending field, e.g. `record.vaccination.dose`.
 */
export function parseVaccinationRecord(json: unknown): VaccinationRecord {
  const r = InputReader.of(json, 'record').onlyKeys(['recipient', 'vaccination', 'facility', 'verifier']);
  const record: VaccinationRecord = {
    recipient: readRecipient(r.field('recipient')),
    vaccination: readVaccination(r.field('vaccination')),
    facility: readFacility(r.field('facility')),
  };
  const verifier = r.field('verifier').optional(readVerifier);
  if (verifier) record.verifier = verifier;
  return record;
}

/**
 * Reads and checks a test-result record from untrusted JSON.
 * @throws HealthcredError `invalid_input` naming the first offending field.
 */
export function parseTestResultRecord(json: unknown): TestResultRecord {
  const r = InputReader.of(json, 'record').onlyKeys(['recipient', 'test', 'facility', 'verifier']);
  const record: TestResultRecord = {
    recipient: readRecipient(r.field('recipient')),
    test: readTest(r.field('test')),
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
export function parseHealthRecord(json: unknown): HealthRecord {
  const r = InputReader.of(json, 'record');
  const hasVaccination = !r.field('vaccination').isMissing;
  const hasTest = !r.field('test').isMissing;
  if (hasVaccination === hasTest) r.fail('must have exactly one of "vaccination" or "test"');
  return hasVaccination
    ? { kind: 'vaccination', record: parseVaccinationRecord(json) }
    : { kind: 'test-result', record: parseTestResultRecord(json) };
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
