import { parseOrgUnitExport } from '@healthcred/dhis2';
import { HealthcredError, isHealthcredError } from '@healthcred/errors';
import type { OrgUnit } from '@healthcred/types';
import { apiGenerationOf, readDhis2Page, type Dhis2ApiGeneration, type Dhis2Page } from './dhis2-pages.js';
import type { Dhis2Http } from './dhis2-http.js';

/** What `/api/system/info` says, and the API generation chosen from it. */
export interface Dhis2ServerInfo {
  version: string;
  /** Minor version: 40 for 2.40.3. */
  minor: number;
  generation: Dhis2ApiGeneration;
  /** The server's clock (local time without a zone), when it says. */
  serverDate?: string;
}

/** A page of changed events to ask for. */
export interface ChangedEventsQuery {
  program: string;
  /** DHIS2 timestamp; events updated at or after it. Undefined: all. */
  since?: string;
  page: number;
  pageSize: number;
}

const ORG_UNIT_FIELDS = 'id,code,name,shortName,level,path,parent[id]';
const ENTITY_FIELDS = 'trackedEntity,createdAt,updatedAt,orgUnit,attributes,enrollments[enrollment,program,enrolledAt]';
const LEGACY_ENTITY_FIELDS = 'trackedEntityInstance,created,lastUpdated,orgUnit,attributes,enrollments[enrollment,program,enrollmentDate]';
/** Every org unit the user may read: `orgUnitMode` from 2.41 (`ouMode` is deprecated there), `ouMode` before. */
const accessible = (server: Dhis2ServerInfo): Record<string, string> =>
  ({ [server.minor >= 41 ? 'orgUnitMode' : 'ouMode']: 'ACCESSIBLE' });

/** Tracked entities are asked for this many UIDs at a time (keeps the URL short). */
const UIDS_PER_REQUEST = 50;

/**
 * The DHIS2 Web API calls a sync makes, for both API generations: `/api/tracker/events` with `updatedAfter` and
 * `/api/tracker/trackedEntities` (2.36+), `/api/events` with `lastUpdatedStartDate` and `/api/trackedEntityInstances`
 * (before 2.36). Answers are read in every documented envelope (see `readDhis2Page`).
 */
export class Dhis2Client {
  readonly #http: Dhis2Http;

  constructor(http: Dhis2Http) {
    this.#http = http;
  }

  /** Base URL of the instance. */
  get url(): string {
    return this.#http.url;
  }

  /** @throws HealthcredError as `Dhis2Http.get`, and `invalid_input` when the version cannot be read. */
  async serverInfo(): Promise<Dhis2ServerInfo> {
    const info = await this.#http.get('system/info') as { version?: unknown; serverDate?: unknown };
    const generation = apiGenerationOf(info?.version);
    const version = info.version as string;
    return { version, minor: Number(version.split('.')[1]?.replace(/\D.*$/, '')), generation,
      ...(typeof info.serverDate === 'string' ? { serverDate: info.serverDate } : {}) };
  }

  /**
   * Checks that the program exists and the user may read it.
   * @throws HealthcredError `invalid_input` naming the program when DHIS2 has no such program (404).
   */
  async checkProgram(program: string): Promise<void> {
    try {
      await this.#http.get(`programs/${program}`, { fields: 'id,name' });
    } catch (error) {
      if (!isHealthcredError(error) || error.code !== 'not_found') throw error;
      throw new HealthcredError('invalid_input', `DHIS2 at ${this.url} has no program ${program}: set DHIS2_PROGRAM, or the ` +
        'mapping\'s "programs", to the UID of the vaccination program.', { cause: error });
    }
  }

  /** Every org unit the user may see (`paging=false`). @throws HealthcredError `invalid_input` for a bad export. */
  async orgUnits(): Promise<OrgUnit[]> {
    const json = await this.#http.get('organisationUnits', { paging: 'false', fields: ORG_UNIT_FIELDS });
    return parseOrgUnitExport(json, `${this.url} GET /api/organisationUnits`);
  }

  /** One page of the program's events changed since `query.since`, oldest change first. */
  async changedEvents(server: Dhis2ServerInfo, query: ChangedEventsQuery): Promise<Dhis2Page> {
    const legacy = server.generation === 'legacy';
    const path = legacy ? 'events' : 'tracker/events';
    const params: Record<string, string | number> = {
      program: query.program, ...accessible(server), order: legacy ? 'lastUpdated:asc' : 'updatedAt:asc',
      page: query.page, pageSize: query.pageSize, totalPages: 'false',
    };
    if (query.since !== undefined) params[legacy ? 'lastUpdatedStartDate' : 'updatedAfter'] = query.since;
    const json = await this.#http.get(path, params);
    return readDhis2Page(json, { listKey: 'events', where: `GET /api/${path} page ${query.page}` });
  }

  /**
   * One page of the program's tracked entities changed since `query.since` (an attribute corrected), oldest change
   * first: only their UID and change time (fetch the ones to publish with {@link trackedEntities}).
   */
  async changedTrackedEntities(server: Dhis2ServerInfo, query: ChangedEventsQuery): Promise<Dhis2Page> {
    const legacy = server.generation === 'legacy';
    const path = legacy ? 'trackedEntityInstances' : 'tracker/trackedEntities';
    const params: Record<string, string | number> = {
      program: query.program, ...accessible(server), order: legacy ? 'lastUpdated:asc' : 'updatedAt:asc',
      page: query.page, pageSize: query.pageSize, totalPages: 'false',
      fields: legacy ? 'trackedEntityInstance,lastUpdated' : 'trackedEntity,updatedAt',
    };
    if (query.since !== undefined) params[legacy ? 'lastUpdatedStartDate' : 'updatedAfter'] = query.since;
    const json = await this.#http.get(path, params);
    return readDhis2Page(json, { listKey: legacy ? 'trackedEntityInstances' : 'trackedEntities', where: `GET /api/${path} page ${query.page}` });
  }

  /** The program's tracked entities of `uids`, with their attributes and enrollments (and their events if asked). */
  async trackedEntities(server: Dhis2ServerInfo, query: { program: string; uids: readonly string[]; withEvents?: boolean }):
    Promise<unknown[]> {
    const legacy = server.generation === 'legacy';
    const path = legacy ? 'trackedEntityInstances' : 'tracker/trackedEntities';
    const listKey = legacy ? 'trackedEntityInstances' : 'trackedEntities';
    const found: unknown[] = [];
    for (let i = 0; i < query.uids.length; i += UIDS_PER_REQUEST) {
      const uids = query.uids.slice(i, i + UIDS_PER_REQUEST);
      const params: Record<string, string | number> = { program: query.program, ...accessible(server), pageSize: uids.length };
      if (legacy) {
        params.trackedEntityInstance = uids.join(';');
        params.fields = query.withEvents ? LEGACY_ENTITY_FIELDS.replace(/\]$/, ',events[*]]') : LEGACY_ENTITY_FIELDS;
      } else {
        if (server.minor >= 41) params.trackedEntities = uids.join(',');
        else params.trackedEntity = uids.join(';');
        params.fields = query.withEvents ? ENTITY_FIELDS.replace(/\]$/, ',events[*]]') : ENTITY_FIELDS;
      }
      found.push(...readDhis2Page(await this.#http.get(path, params), { listKey, where: `GET /api/${path}` }).items);
    }
    if (found.length > query.uids.length) {
      throw new HealthcredError('invalid_input', `DHIS2 answered GET /api/${path} with more tracked entities than asked for.`);
    }
    return found;
  }
}
