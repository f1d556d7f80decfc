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

/** Programme monitoring: `GET /stats` and the push of its counts to DHIS2. */
export interface StatsConfig {
  /** The operator token of `GET /stats`; unset: the route is refused. */
  token?: string;
  /** The smallest count shown; fewer is reported as suppressed. */
  minCell: number;
  /** Lower bounds of the age bands, ascending from 0. */
  ageBands: readonly number[];
  /** The org unit level the counts are rolled up to (e.g. 3 for districts); undefined: the event's own org unit. */
  orgUnitLevel?: number;
  /** The DHIS2 mapping (data set, data elements, category option combos) of the push; undefined: no push. */
  mappingFile?: string;
  /** Minutes between two pushes by the API; undefined: only `healthcred stats push`. */
  pushMinutes?: number;
}

/**
 * Reads STATS_MIN_CELL [5; 2 to 1000], STATS_AGE_BANDS [0,12,18,30,45,60,75: lower bounds, ascending from 0],
 * STATS_ORG_UNIT_LEVEL [none; 1 to 20], DHIS2_STATS_MAPPING_FILE [none] and DHIS2_STATS_PUSH_MINUTES [none; needs
 * the mapping file and DHIS2_URL]. STATS_TOKEN is read with the other tokens.
 */
export function readStats(read: EnvReader, options: { token?: string; path: (value: string) => string; dhis2: boolean }): StatsConfig {
  const text = read.string('STATS_AGE_BANDS') ?? '0,12,18,30,45,60,75';
  const ageBands = text.split(',').map((bound) => Number(bound.trim()));
  const ascending = ageBands.every((bound, i) => Number.isInteger(bound) && bound >= 0 && bound <= 150 && (i === 0 ? bound === 0 : bound > ageBands[i - 1]!));
  if (!ascending) read.problems.push('STATS_AGE_BANDS must be whole numbers of years, ascending from 0, e.g. 0,18,60');
  const mappingFile = read.string('DHIS2_STATS_MAPPING_FILE');
  const level = read.string('STATS_ORG_UNIT_LEVEL') === undefined ? undefined : read.integer('STATS_ORG_UNIT_LEVEL', 1, 1, 20);
  const pushMinutes = read.string('DHIS2_STATS_PUSH_MINUTES') === undefined ? undefined : read.integer('DHIS2_STATS_PUSH_MINUTES', 60, 1, 10_080);
  if (pushMinutes !== undefined && (mappingFile === undefined || !options.dhis2)) {
    read.problems.push('DHIS2_STATS_PUSH_MINUTES needs DHIS2_STATS_MAPPING_FILE and DHIS2_URL');
  }
  return {
    ...(options.token === undefined ? {} : { token: options.token }),
    minCell: read.integer('STATS_MIN_CELL', 5, 2, 1000),
    ageBands: Object.freeze(ascending ? ageBands : [0]),
    ...(level === undefined ? {} : { orgUnitLevel: level }),
    ...(mappingFile === undefined ? {} : { mappingFile: options.path(mappingFile) }),
    ...(pushMinutes === undefined ? {} : { pushMinutes }),
  };
}
