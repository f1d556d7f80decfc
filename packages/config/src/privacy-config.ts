import type { OptionalCredentialField } from '@healthcred/types';
import type { EnvReader } from './env-reader.js';

/** Every field a deployment may add to its credentials beyond the WHO DDCC:VS core data set. */
export const OPTIONAL_CREDENTIAL_FIELDS: readonly OptionalCredentialField[] =
  ['gender', 'nationality', 'age', 'address', 'refId', 'verifier'];

/** How long the store keeps what the pipeline and the limits leave behind, and how often it forgets. */
export interface RetentionConfig {
  /** Days a dead letter is kept after it was last seen (its payload may hold personal data). */
  deadLetterDays: number;
  /** Days an attempt window (wrong tries, downloads) is kept after it expired. */
  attemptDays: number;
  /** Minutes between two purges of expired dead letters and attempt windows. */
  sweepMinutes: number;
}

/**
 * Reads CREDENTIAL_OPTIONAL_FIELDS [none: the minimal credential]: a comma-separated list of
 * `gender, nationality, age, address, refId, verifier`, or `none`.
 */
export function readCredentialFields(read: EnvReader): readonly OptionalCredentialField[] {
  const text = read.string('CREDENTIAL_OPTIONAL_FIELDS');
  if (text === undefined || text.toLowerCase() === 'none') return [];
  const names = text.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !OPTIONAL_CREDENTIAL_FIELDS.includes(name as OptionalCredentialField));
  if (unknown.length > 0) {
    read.problems.push(`CREDENTIAL_OPTIONAL_FIELDS names unknown fields (${unknown.join(', ')}); it lists some of `
      + `${OPTIONAL_CREDENTIAL_FIELDS.join(', ')}, or none`);
    return [];
  }
  return Object.freeze([...new Set(names as OptionalCredentialField[])]);
}

/**
 * Reads DEAD_LETTER_RETENTION_DAYS [30], ATTEMPT_RETENTION_DAYS [1] and RETENTION_SWEEP_MINUTES [60].
 */
export function readRetention(read: EnvReader): RetentionConfig {
  return {
    deadLetterDays: read.integer('DEAD_LETTER_RETENTION_DAYS', 30, 1, 3650),
    attemptDays: read.integer('ATTEMPT_RETENTION_DAYS', 1, 0, 365),
    sweepMinutes: read.integer('RETENTION_SWEEP_MINUTES', 60, 1, 10_080),
  };
}
