import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { COVAC, covacOrgUnits, covacPopulation, covacProgram, dhis2Time, STAND_IN_TOKEN } from './covac-population.js';
import { answerDataValueSet } from './data-value-sets.js';
import { minorOf, orgUnitFields } from './render.js';
import type {
  StandInCredentials, StandInDhis2, StandInFault, StandInOptions, StandInRequest, ReceivedDataValueSet,
} from './stand-in-types.js';
import { TrackerRoutes, type RouteAnswer } from './tracker-routes.js';

const MAX_BODY = 5 * 1024 * 1024;

function webMessage(status: number, httpStatus: string, message: string): RouteAnswer {
  return { status, body: { httpStatus, httpStatusCode: status, status: 'ERROR', message } };
}

function authorized(header: string | undefined, credentials: StandInCredentials): boolean {
  if (header === undefined) return false;
  if (credentials.token !== undefined && header === `ApiToken ${credentials.token}`) return true;
  if (credentials.username === undefined || !header.startsWith('Basic ')) return false;
  return Buffer.from(header.slice(6), 'base64').toString('utf8') === `${credentials.username}:${credentials.password ?? ''}`;
}

function readBody(request: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_BODY ? undefined : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Starts a stand-in DHIS2 Web API on 127.0.0.1 (a free port) for tests: the COVAC program's tracker data in the
 * documented shapes of `options.version` (`/api/tracker/events`, `/api/tracker/trackedEntities` from 2.36; the
 * deprecated `/api/events`, `/api/trackedEntityInstances` on every version), `/api/system/info`,
 * `/api/organisationUnits` (`paging=false` or paged), `/api/programs/{uid}`, and `POST /api/dataValueSets`, which checks the body and
 * records it in `dataValueSets`. A request without the configured `Authorization` gets 401; `inject` plans 403,
 * 503, slow or malformed answers. Nothing is read from or written to disk.
 */
export async function startStandInDhis2(options: StandInOptions = {}): Promise<StandInDhis2> {
  const version = options.version ?? '2.41.3';
  const credentials = options.credentials ?? { token: STAND_IN_TOKEN };
  const program = options.program ?? COVAC.program;
  const faults: (StandInFault & { times: number })[] = [];
  const requests: StandInRequest[] = [];
  const dataValueSets: ReceivedDataValueSet[] = [];
  const state = {
    trackedEntities: options.trackedEntities ?? covacPopulation(),
    orgUnits: options.orgUnits ?? covacOrgUnits(),
  };
  const latest = () => state.trackedEntities.flatMap((e) => [e.updatedAt, ...e.events.map((v) => v.updatedAt)]).sort().at(-1);
  const routes = new TrackerRoutes(() => state.trackedEntities, {
    version, program, trackedEntityType: COVAC.trackedEntityType,
    orgUnitName: (uid) => state.orgUnits.find((unit) => unit.id === uid)?.name,
  });
  const modern = minorOf(version) >= 36;

  const answer = async (method: string, path: string, query: Record<string, string>, request: IncomingMessage): Promise<RouteAnswer> => {
    if (method === 'POST' && path === '/api/dataValueSets') {
      const text = await readBody(request);
      let body: unknown;
      try {
        body = text === undefined ? undefined : JSON.parse(text);
      } catch {
        return webMessage(400, 'Bad Request', 'The body is not JSON.');
      }
      const result = answerDataValueSet(body, { orgUnits: new Set(state.orgUnits.map((unit) => unit.id)),
        ...(options.dataElements ? { dataElements: new Set(options.dataElements) } : {}) });
      dataValueSets.push({ body, query, status: result.status, imported: result.imported, conflicts: result.conflicts });
      return { status: result.status, body: result.body };
    }
    if (method !== 'GET') return webMessage(405, 'Method Not Allowed', `${method} is not supported here.`);
    if (path === '/api/system/info') {
      const serverDate = options.serverDate ?? dhis2Time(new Date(new Date(`${latest() ?? '2021-01-01T00:00:00.000'}Z`).getTime() + 60_000));
      return { status: 200, body: { version, revision: 'standin', serverDate, contextPath: '', calendar: 'iso8601' } };
    }
    if (path === '/api/organisationUnits') {
      const units = orgUnitFields(state.orgUnits, query['fields']);
      if (query['paging'] === 'false') return { status: 200, body: { organisationUnits: units } };
      const pageSize = Number(query['pageSize'] ?? '50');
      const number = Number(query['page'] ?? '1');
      return { status: 200, body: {
        pager: { page: number, pageCount: Math.max(1, Math.ceil(units.length / pageSize)), total: units.length, pageSize },
        organisationUnits: units.slice((number - 1) * pageSize, number * pageSize) } };
    }
    const programMatch = /^\/api\/programs\/([A-Za-z0-9]{11})$/.exec(path);
    if (programMatch) {
      return programMatch[1] === program ? { status: 200, body: covacProgram(program) }
        : webMessage(404, 'Not Found', `Program with id ${programMatch[1]} could not be found.`);
    }
    if (path === '/api/events') return routes.legacyEvents(query);
    if (path === '/api/trackedEntityInstances') return routes.legacyEntities(query);
    if (modern && path === '/api/tracker/events') return routes.trackerEvents(query);
    if (modern && path === '/api/tracker/trackedEntities') return routes.trackerEntities(query);
    return webMessage(404, 'Not Found', `${path} is not served by this DHIS2 ${version}.`);
  };

  const takeFault = (path: string): StandInFault | undefined => {
    const index = faults.findIndex((fault) => fault.path === path);
    if (index < 0) return undefined;
    const fault = faults[index]!;
    fault.times -= 1;
    if (fault.times <= 0) faults.splice(index, 1);
    return fault;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const query = Object.fromEntries(url.searchParams);
    const method = request.method ?? 'GET';
    let result: RouteAnswer;
    let raw: string | undefined;
    if (!authorized(request.headers.authorization, credentials)) {
      result = webMessage(401, 'Unauthorized', 'Unauthorized');
    } else {
      const fault = takeFault(url.pathname);
      if (fault?.delayMs) await sleep(fault.delayMs);
      if (options.pageDelayMs && /^\/api\/(tracker\/)?(events|trackedEntities|trackedEntityInstances)$/.test(url.pathname)) {
        await sleep(options.pageDelayMs);
      }
      if (fault?.status !== undefined) {
        result = webMessage(fault.status, fault.status === 403 ? 'Forbidden' : 'Service Unavailable',
          fault.status === 403 ? 'User has no data read access to program' : 'The server is busy.');
      } else {
        result = await answer(method, url.pathname, query, request);
        if (fault?.malformed === 'json') raw = JSON.stringify(result.body).slice(0, 40);
        if (fault?.malformed === 'shape') result = { status: 200, body: { pager: { page: 1 }, events: { unexpected: true } } };
      }
    }
    requests.push({ method, path: url.pathname, query, status: result.status });
    if (!response.destroyed) {
      response.writeHead(result.status, { 'Content-Type': 'application/json' }).end(raw ?? JSON.stringify(result.body));
    }
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.writeHead(500).end());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    version,
    get trackedEntities() { return state.trackedEntities; },
    set trackedEntities(value) { state.trackedEntities = value; },
    get orgUnits() { return state.orgUnits; },
    set orgUnits(value) { state.orgUnits = value; },
    requests,
    dataValueSets,
    inject(fault) {
      faults.push({ ...fault, times: fault.times ?? 1 });
    },
    touch(event) {
      const entity = state.trackedEntities.find((candidate) => candidate.events.some((e) => e.event === event));
      const found = entity?.events.find((e) => e.event === event);
      if (!entity || !found) throw new Error(`no event ${event} in the stand-in`);
      const next = dhis2Time(new Date(new Date(`${latest()}Z`).getTime() + 1000));
      found.updatedAt = next;
      entity.updatedAt = next;
    },
    editPerson(trackedEntity, values) {
      const entity = state.trackedEntities.find((candidate) => candidate.trackedEntity === trackedEntity);
      if (!entity) throw new Error(`no tracked entity ${trackedEntity} in the stand-in`);
      for (const { uid, value } of values) {
        entity.attributes = [...entity.attributes.filter((a) => a.uid !== uid), { uid, value }];
      }
      entity.updatedAt = dhis2Time(new Date(new Date(`${latest()}Z`).getTime() + 1000));
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
