import { HealthcredError } from '@healthcred/errors';
import type { ErasureMarks, ProgrammeFacts, PurgeOptions } from './privacy-types.js';
import type { StoredCertificate } from './certificate-types.js';

/** The status reason of an erased certificate. */
export const ERASED_REASON = 'erased';

/** The source key an erased certificate is left with: its own, so a replay of the source is a new request. */
export function erasedSourceKey(certificateId: string): string {
  return `erased:${certificateId}`;
}

/**
 * Facts as stored, keys in one order, so equal facts are equal text (SQLite groups by it) and documents (MongoDB).
 * @throws TypeError naming the field when a fact is malformed.
 */
export function normalizeProgrammeFacts(facts: ProgrammeFacts): ProgrammeFacts {
  if (typeof facts !== 'object' || facts === null) throw new TypeError('"programme" must be an object.');
  if (typeof facts.day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(facts.day)) throw new TypeError('"programme.day" must be a date YYYY-MM-DD.');
  if (typeof facts.vaccine !== 'string' || facts.vaccine === '') throw new TypeError('"programme.vaccine" must be non-empty text.');
  if (!Number.isSafeInteger(facts.dose) || facts.dose < 0) throw new TypeError('"programme.dose" must be a non-negative integer.');
  for (const field of ['orgUnit', 'sex'] as const) {
    if (facts[field] !== undefined && typeof facts[field] !== 'string') throw new TypeError(`"programme.${field}" must be text.`);
  }
  if (facts.age !== undefined && (!Number.isSafeInteger(facts.age) || facts.age < 0)) {
    throw new TypeError('"programme.age" must be a non-negative integer.');
  }
  return {
    day: facts.day, ...(facts.orgUnit === undefined ? {} : { orgUnit: facts.orgUnit }), vaccine: facts.vaccine,
    dose: facts.dose, ...(facts.sex === undefined ? {} : { sex: facts.sex }), ...(facts.age === undefined ? {} : { age: facts.age }),
  };
}

/** Throws a TypeError unless both purge times are valid Dates. */
export function assertPurgeOptions(options: PurgeOptions): void {
  for (const field of ['deadLettersSeenBefore', 'attemptsExpiredBefore'] as const) {
    const value = options?.[field];
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new TypeError(`"${field}" must be a valid Date.`);
  }
}

/** The certificate an erasure starts from: it must exist and not be erased yet. */
export function assertErasable(certificate: StoredCertificate | undefined): asserts certificate is StoredCertificate {
  if (certificate === undefined) {
    throw new HealthcredError('not_found', 'No certificate has this certificateId.', { field: 'certificateId' });
  }
  if (certificate.erasedAt !== undefined) {
    throw new HealthcredError('conflict', 'The personal data of this certificate were erased already.', { field: 'certificateId' });
  }
}

/**
 * What marks a dead letter (or an event-log message) as holding the holder's data: their registry ids (the tracked entity of `dhis2:` source
 * keys, a credential's `refId`), and their name with their birth date (both must be in the payload).
 */
export function erasureMarks(certificates: readonly StoredCertificate[]): ErasureMarks {
  const ids = new Set<string>();
  const pairs = new Map<string, [string, string]>();
  for (const certificate of certificates) {
    const entity = /^dhis2:([^:]+):/.exec(certificate.sourceKey)?.[1];
    if (entity) ids.add(entity);
    const subject = (certificate.credential as { credentialSubject?: Record<string, unknown> } | null)?.credentialSubject;
    if (typeof subject?.refId === 'string' && subject.refId !== '') ids.add(subject.refId);
    if (typeof subject?.name === 'string' && subject.name !== '') {
      pairs.set(`${subject.name}\u0000${certificate.dob}`, [subject.name, certificate.dob]);
    }
  }
  return { ids: [...ids], nameAndDob: [...pairs.values()] };
}

/** Whether a dead letter's payload holds one of the marks. */
export function holdsMark(payload: string, marks: ReturnType<typeof erasureMarks>): boolean {
  return marks.ids.some((id) => payload.includes(id))
    || marks.nameAndDob.some(([name, dob]) => payload.includes(name) && payload.includes(dob));
}
