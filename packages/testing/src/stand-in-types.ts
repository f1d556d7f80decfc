/** A data value of an event (`dataElement`) or an attribute value of a tracked entity (`attribute`). */
export interface StandInValue {
  uid: string;
  value: string;
}

/** One event of the stand-in's tracker data, in the stand-in's own neutral form (rendered per version). */
export interface StandInEvent {
  event: string;
  programStage: string;
  orgUnit: string;
  /** `COMPLETED`, `ACTIVE`, `SCHEDULE`... */
  status: string;
  /** The event date, DHIS2 local time without a zone: `2021-06-02T00:00:00.000`. */
  occurredAt: string;
  /** When it was last changed, same form: the field `updatedAfter` / `lastUpdatedStartDate` filter on. */
  updatedAt: string;
  dataValues: StandInValue[];
  deleted?: boolean;
}

/** One tracked entity enrolled once in the program, with its events. */
export interface StandInTrackedEntity {
  trackedEntity: string;
  orgUnit: string;
  createdAt: string;
  updatedAt: string;
  attributes: StandInValue[];
  enrollment: { enrollment: string; enrolledAt: string; orgUnit: string };
  events: StandInEvent[];
}

/** An organisation unit as `/api/organisationUnits?fields=id,code,name,shortName,level,path,parent[id]` gives it. */
export interface StandInOrgUnit {
  id: string;
  code?: string;
  name: string;
  shortName?: string;
  level: number;
  path: string;
  parent?: { id: string };
}

/**
 * The DHIS2 version the stand-in plays. It picks the endpoints and shapes:
 * - below 2.36: only `/api/events` and `/api/trackedEntityInstances` (`pager`, `lastUpdatedStartDate`);
 * - 2.36 to 2.40: also `/api/tracker/*` answering `{instances, page, pageSize}`;
 * - 2.41: `/api/tracker/*` answering `{pager: {page, pageSize}, events | trackedEntities}`.
 */
export type StandInVersion = '2.35.8' | '2.36.13' | '2.38.6' | '2.40.5' | '2.41.3';

/** Who may call the stand-in; any other `Authorization` gets 401. */
export interface StandInCredentials {
  /** Personal access token, sent as `Authorization: ApiToken <token>`. */
  token?: string;
  username?: string;
  password?: string;
}

/**
 * A planned misbehaviour for requests whose path is `path` (e.g. `/api/tracker/events`), for the next `times`
 * matching requests (default 1): answer `status` with a DHIS2 error body, wait `delayMs` before answering, or
 * answer 200 with a body that is cut off (`malformed: 'json'`) or not the documented shape (`malformed: 'shape'`).
 */
export interface StandInFault {
  path: string;
  times?: number;
  status?: number;
  delayMs?: number;
  malformed?: 'json' | 'shape';
}

/** Options of `startStandInDhis2`. */
export interface StandInOptions {
  /** Default `2.41.3`. */
  version?: StandInVersion;
  /** Default `{token: STAND_IN_TOKEN}`. */
  credentials?: StandInCredentials;
  /** The program whose events it serves. Default the COVAC program `yDuAzyqYABS`. */
  program?: string;
  /** Tracker data. Default `covacPopulation()`. */
  trackedEntities?: StandInTrackedEntity[];
  /** Org unit tree. Default `covacOrgUnits()`. */
  orgUnits?: StandInOrgUnit[];
  /** The server's clock for `/api/system/info` `serverDate`. Default the latest `updatedAt` of the data plus a minute. */
  serverDate?: string;
  /** Data elements `/api/dataValueSets` accepts; others are reported as conflicts. Default: any UID. */
  dataElements?: readonly string[];
  /** Wait before every answer of a tracker list endpoint (to make a sync slow enough to kill). Default 0. */
  pageDelayMs?: number;
}

/** One request the stand-in answered. */
export interface StandInRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
}

/** A body posted to `/api/dataValueSets`, as received, with the answer it got. */
export interface ReceivedDataValueSet {
  body: unknown;
  query: Record<string, string>;
  status: number;
  imported: number;
  conflicts: { object: string; value: string }[];
}

/** A running stand-in DHIS2. */
export interface StandInDhis2 {
  /** Base URL, e.g. `http://127.0.0.1:41234` (the API is under `/api`). */
  url: string;
  version: StandInVersion;
  /** The data it serves; tests may change it (then call `touch`). */
  trackedEntities: StandInTrackedEntity[];
  orgUnits: StandInOrgUnit[];
  /** Every answered request, in order. */
  requests: StandInRequest[];
  /** Every body posted to `/api/dataValueSets`, in order. */
  dataValueSets: ReceivedDataValueSet[];
  /** Plans a fault for the next matching requests. */
  inject(fault: StandInFault): void;
  /** Marks an event as changed now (a new `updatedAt` after every other), as an edit in DHIS2 would. */
  touch(event: string): void;
  /** Sets attribute values of a tracked entity and marks it changed now (its events stay as they are). */
  editPerson(trackedEntity: string, values: StandInValue[]): void;
  close(): Promise<void>;
}
