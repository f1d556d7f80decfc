import { HealthcredError } from '@healthcred/errors';

/** Which tracker API a DHIS2 server is read through. */
export type Dhis2ApiGeneration = 'tracker' | 'legacy';

/** One page of a DHIS2 list, whatever envelope the version wraps it in. */
export interface Dhis2Page {
  items: unknown[];
  /** Pages in all, when the server said (`pager.pageCount` of the deprecated endpoints). */
  pageCount?: number;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The API generation of a DHIS2 version (`/api/system/info` `version`, e.g. `2.40.3`, `2.41-SNAPSHOT`): the
 * `/api/tracker` endpoints from 2.36, the deprecated `/api/trackedEntityInstances` and `/api/events` before.
 * @throws HealthcredError `invalid_input` when the version is not of the form `2.N`.
 */
export function apiGenerationOf(version: unknown): Dhis2ApiGeneration {
  const match = typeof version === 'string' ? /^2\.(\d+)/.exec(version) : null;
  if (!match) {
    throw new HealthcredError('invalid_input', `DHIS2 /api/system/info gave the version ${JSON.stringify(version)?.slice(0, 40)}, not 2.N.`);
  }
  return Number(match[1]) >= 36 ? 'tracker' : 'legacy';
}

/**
 * Reads a page of `listKey` (`events`, `trackedEntities`, `trackedEntityInstances`, `organisationUnits`) in each
 * documented envelope: 2.36-2.40 `/api/tracker` `{instances, page, pageSize}`, 2.41 `{pager: {page, pageSize},
 * <listKey>}`, the deprecated endpoints' `{pager: {page, pageCount, total, pageSize}, <listKey>}`.
 * @param where the request, named in the error (`GET /api/tracker/events page 3`).
 * @throws HealthcredError `invalid_input` naming `where` when the body holds no such list.
 */
export function readDhis2Page(json: unknown, options: { listKey: string; where: string }): Dhis2Page {
  const { listKey, where } = options;
  const fail = (problem: string): never => {
    throw new HealthcredError('invalid_input', `DHIS2 answered ${where} with ${problem}: not a page of any DHIS2 version from 2.35 to 2.41.`);
  };
  if (!isObject(json)) return fail('a body that is not a JSON object');
  const key = listKey in json ? listKey : 'instances' in json ? 'instances' : undefined;
  if (key === undefined) return fail(`neither "${listKey}" nor "instances"`);
  const items = json[key];
  if (!Array.isArray(items)) return fail(`"${key}" that is not a list`);
  if (items.some((item) => !isObject(item))) return fail(`"${key}" holding something that is not an object`);
  const pageCount = isObject(json.pager) ? json.pager.pageCount : undefined;
  return typeof pageCount === 'number' ? { items, pageCount } : { items };
}

/**
 * A DHIS2 timestamp (server time without a zone, as DHIS2 sends it) in the fixed-width form
 * `YYYY-MM-DDTHH:mm:ss.SSS`, so that two of them compare as text; undefined when it is not one. A zone suffix
 * (`Z`, `+05:30`) is dropped: the value is sent back as DHIS2 wrote it, which is how it compares its own times.
 */
export function dhis2Timestamp(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/.exec(value);
  if (!match) return undefined;
  return `${match[1]}T${match[2] ?? '00:00'}:${match[3] ?? '00'}.${(match[4] ?? '').padEnd(3, '0').slice(0, 3)}`;
}

/** `timestamp` (fixed-width, see {@link dhis2Timestamp}) moved `seconds` earlier, in the same form and zone. */
export function secondsBefore(timestamp: string, seconds: number): string {
  return new Date(new Date(`${timestamp}Z`).getTime() - seconds * 1000).toISOString().slice(0, 23);
}
