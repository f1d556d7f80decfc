import type { TestResultRecord, VaccinationRecord } from '@healthcred/types';
import type { DccTestEntry, DccVaccinationEntry } from './dcc-types.js';
import { invalidInput } from './fail.js';
import type { DccValueSets } from './value-sets.js';
import { lookUpDisease, lookUpTestDevice, lookUpTestResult, lookUpTestType, lookUpVaccine } from './value-set-lookup.js';

/** What every entry carries besides the record's own data. */
export interface EntryContext {
  country: string;
  issuer: string;
  uvci: string;
  valueSets: DccValueSets;
}

const MAX_TEXT = 80;

function text(value: string, field: string): string {
  const clean = value.normalize('NFC').replace(/\s+/gu, ' ').trim();
  if (clean === '' || clean.length > MAX_TEXT) throw invalidInput(field, `must be 1 to ${MAX_TEXT} characters for the EU DCC.`);
  return clean;
}

function dose(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 1) throw invalidInput(field, 'must be a whole number from 1.');
  return value;
}

/** The `v` entry of a vaccination. @throws HealthcredError `invalid_input` naming the record field. */
export function buildVaccinationEntry(record: VaccinationRecord, context: EntryContext): DccVaccinationEntry {
  const vaccination = record.vaccination;
  const dt = vaccination.date.slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(dt)) throw invalidInput('vaccination.date', 'must start with a date YYYY-MM-DD.');
  return {
    ...lookUpVaccine(context.valueSets, vaccination),
    dn: dose(vaccination.dose, 'vaccination.dose'),
    sd: dose(vaccination.totalDoses, 'vaccination.totalDoses'),
    dt, co: context.country, is: context.issuer, ci: context.uvci,
  };
}

/** RFC 3339 in UTC, whole seconds, as the DCC FAQ writes `sc` (`2021-05-01T10:30:00Z`). */
function sampleTime(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/.test(value)) {
    throw invalidInput('test.sampleCollectionTimestamp', 'must be an ISO 8601 date-time with a time zone (Z or ±hh:mm).');
  }
  return new Date(value).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The `t` entry of a test. NAAT: `nm` is the test name. Rapid antigen: `ma` is the mapped EU device id; an
 * unmapped device is an error unless `allowLocalCodes`, when its name goes in `nm`.
 * @throws HealthcredError `invalid_input` naming the record field.
 */
export function buildTestEntry(record: TestResultRecord, context: EntryContext): DccTestEntry {
  const test = record.test;
  const tt = lookUpTestType(context.valueSets, test.testType);
  const entry: DccTestEntry = {
    tg: lookUpDisease(context.valueSets, test.disease, 'test.disease').tg,
    tt,
    sc: sampleTime(test.sampleCollectionTimestamp),
    tr: lookUpTestResult(test.result),
    tc: text(record.facility.name, 'facility.name'),
    co: context.country, is: context.issuer, ci: context.uvci,
  };
  const device = tt === 'LP217198-3' ? lookUpTestDevice(context.valueSets, test.testName) : undefined;
  if (device !== undefined) return { ...entry, ma: device };
  if (tt === 'LP217198-3' && !context.valueSets.allowLocalCodes) {
    throw invalidInput('test.testName', `rapid antigen test "${test.testName ?? ''}" has no EU device id in the value sets ` +
      '(testDevices); add it or set allowLocalCodes.');
  }
  return test.testName === undefined ? entry : { ...entry, nm: text(test.testName, 'test.testName') };
}
