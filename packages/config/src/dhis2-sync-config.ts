import type { EnvReader } from './env-reader.js';

/** How to sign in to DHIS2: a personal access token (`Authorization: ApiToken …`) or a user name and password. */
export type Dhis2Auth = { token: string } | { username: string; password: string };

/** Pulling from the DHIS2 Web API (on when DHIS2_URL is set). */
export interface Dhis2SyncConfig {
  /** Base URL of the DHIS2 instance, e.g. `https://dhis2.example.org` (the API is under `/api`). */
  url: string;
  auth: Dhis2Auth;
  /** Program to pull; undefined: the first program of the mapping. */
  program?: string;
  /** Seconds between two pulls of the issuer's loop. */
  intervalSeconds: number;
  /** Events asked per page. */
  pageSize: number;
  /** Seconds before the watermark a pull starts again from (changes committed late are not missed). */
  overlapSeconds: number;
  /** Milliseconds one request may take before it is abandoned and retried. */
  timeoutMs: number;
  /** Attempts per request on 5xx, timeouts and network errors (with backoff) before the pull stops. */
  maxAttempts: number;
}

const UID = /^[A-Za-z][A-Za-z0-9]{10}$/;

/**
 * Reads the DHIS2 pull settings. Variables (defaults in brackets): DHIS2_URL (on when set), DHIS2_TOKEN (a personal
 * access token) or DHIS2_USERNAME and DHIS2_PASSWORD (one of the two, not both), DHIS2_PROGRAM [the mapping's first
 * program], DHIS2_SYNC_INTERVAL_SECONDS [300], DHIS2_SYNC_PAGE_SIZE [200], DHIS2_SYNC_OVERLAP_SECONDS [300],
 * DHIS2_TIMEOUT_MS [30000], DHIS2_MAX_ATTEMPTS [5]. Credentials without DHIS2_URL are a problem (a typo would
 * otherwise leave the pull silently off).
 */
export function readDhis2SyncConfig(read: EnvReader): Dhis2SyncConfig | undefined {
  const token = read.string('DHIS2_TOKEN');
  const username = read.string('DHIS2_USERNAME');
  const password = read.string('DHIS2_PASSWORD');
  const program = read.string('DHIS2_PROGRAM');
  if (read.string('DHIS2_URL') === undefined) {
    if (token !== undefined || username !== undefined) read.problems.push('DHIS2_TOKEN / DHIS2_USERNAME are set but DHIS2_URL is not');
    return undefined;
  }
  const url = read.url('DHIS2_URL', 'http://localhost');
  let auth: Dhis2Auth = { token: '' };
  if (token !== undefined && username !== undefined) read.problems.push('set DHIS2_TOKEN or DHIS2_USERNAME/DHIS2_PASSWORD, not both');
  if (token !== undefined) {
    if (/\s/.test(token)) read.problems.push('DHIS2_TOKEN must not contain white space');
    auth = { token };
  } else if (username !== undefined) {
    if (password === undefined) read.problems.push('DHIS2_PASSWORD is required with DHIS2_USERNAME');
    if (username.includes(':')) read.problems.push('DHIS2_USERNAME must not contain ":"');
    auth = { username, password: password ?? '' };
  } else {
    read.problems.push('DHIS2_URL needs DHIS2_TOKEN (a personal access token) or DHIS2_USERNAME and DHIS2_PASSWORD');
  }
  if (program !== undefined && !UID.test(program)) read.problems.push('DHIS2_PROGRAM must be a DHIS2 UID');
  return {
    url, auth, ...(program === undefined ? {} : { program }),
    intervalSeconds: read.integer('DHIS2_SYNC_INTERVAL_SECONDS', 300, 5, 86_400),
    pageSize: read.integer('DHIS2_SYNC_PAGE_SIZE', 200, 1, 1000),
    overlapSeconds: read.integer('DHIS2_SYNC_OVERLAP_SECONDS', 300, 0, 86_400),
    timeoutMs: read.integer('DHIS2_TIMEOUT_MS', 30_000, 100, 600_000),
    maxAttempts: read.integer('DHIS2_MAX_ATTEMPTS', 5, 1, 50),
  };
}
