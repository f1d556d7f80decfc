import {
  envelope, legacyEntity, legacyEvent, minorOf, trackerEntity, trackerEvent, type RenderContext,
} from './render.js';
import type { StandInEvent, StandInTrackedEntity } from './stand-in-types.js';

/** An answer of a route: HTTP status and JSON body. */
export interface RouteAnswer {
  status: number;
  body: unknown;
}

type Query = Record<string, string>;

/** `2021-06-01` or `2021-06-01T08:00:00` as the full `2021-06-01T08:00:00.000` form the data uses. */
function fullTime(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}T00:00:00.000`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(value)) return `${value}.000`;
  return value.replace(/Z$/, '');
}

function paging(query: Query): { page: number; pageSize: number } | RouteAnswer {
  const page = Number(query['page'] ?? '1');
  const pageSize = Number(query['pageSize'] ?? '50');
  if (!Number.isInteger(page) || page < 1 || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
    return conflict('page and pageSize must be positive integers (pageSize at most 1000)');
  }
  return { page, pageSize };
}

function conflict(message: string): RouteAnswer {
  return { status: 409, body: { httpStatus: 'Conflict', httpStatusCode: 409, status: 'ERROR', message } };
}

function sortBy<T>(items: T[], order: string | undefined, updated: (item: T) => string, field: string): T[] {
  if (order === undefined) return items;
  const [name, direction] = order.split(':');
  if (name !== field) return items;
  const sorted = [...items].sort((a, b) => updated(a).localeCompare(updated(b)));
  return direction?.toLowerCase() === 'desc' ? sorted.reverse() : sorted;
}

function page<T>(items: T[], query: Query, render: (item: T) => object,
  shape: { generation: 'tracker' | 'legacy'; listKey: string; context: RenderContext }): RouteAnswer {
  const paged = paging(query);
  if ('status' in paged) return paged;
  const slice = items.slice((paged.page - 1) * paged.pageSize, paged.page * paged.pageSize).map(render);
  return { status: 200, body: envelope({ ...shape, version: shape.context.version, items: slice, ...paged, total: items.length }) };
}

/** The tracker data of one program, answered as `/api/tracker/*` and the deprecated endpoints do. */
export class TrackerRoutes {
  readonly #entities: () => StandInTrackedEntity[];
  readonly #context: RenderContext;

  constructor(entities: () => StandInTrackedEntity[], context: RenderContext) {
    this.#entities = entities;
    this.#context = context;
  }

  #events(program: string | undefined, after: string | undefined): { event: StandInEvent; entity: StandInTrackedEntity }[] {
    if (program !== undefined && program !== this.#context.program) return [];
    const since = after === undefined ? undefined : fullTime(after);
    return this.#entities().flatMap((entity) => entity.events.map((event) => ({ event, entity })))
      .filter(({ event }) => since === undefined || event.updatedAt >= since);
  }

  #entitiesOf(uids: string[] | undefined, program: string | undefined, after: string | undefined): StandInTrackedEntity[] {
    if (program !== undefined && program !== this.#context.program) return [];
    const since = after === undefined ? undefined : fullTime(after);
    return this.#entities().filter((entity) => (uids === undefined || uids.includes(entity.trackedEntity)) &&
      (since === undefined || entity.updatedAt >= since));
  }

  /**
   * `GET /api/tracker/events` (2.36+): `program`, `updatedAfter`, `page`, `pageSize`, `order=updatedAt:asc`. On 2.41
   * the deprecated `ouMode` is refused, as 2.42 will: `orgUnitMode` it is.
   */
  trackerEvents(query: Query): RouteAnswer {
    if (minorOf(this.#context.version) >= 41 && query['ouMode'] !== undefined) return conflict('ouMode is deprecated: use orgUnitMode');
    const found = sortBy(this.#events(query['program'], query['updatedAfter']), query['order'], (f) => f.event.updatedAt, 'updatedAt');
    return page(found, query, ({ event, entity }) => trackerEvent(event, entity, this.#context),
      { generation: 'tracker', listKey: 'events', context: this.#context });
  }

  /** `GET /api/events` (deprecated): `program`, `lastUpdatedStartDate`, `page`, `pageSize`, `order=lastUpdated:asc`. */
  legacyEvents(query: Query): RouteAnswer {
    const found = sortBy(this.#events(query['program'], query['lastUpdatedStartDate']), query['order'],
      (f) => f.event.updatedAt, 'lastUpdated');
    return page(found, query, ({ event, entity }) => legacyEvent(event, entity, this.#context),
      { generation: 'legacy', listKey: 'events', context: this.#context });
  }

  /**
   * `GET /api/tracker/trackedEntities`: `trackedEntity=a;b` (2.36+), `trackedEntities=a,b` (2.41), `updatedAfter`;
   * the events in the enrollments when `fields` names `events` (`enrollments[...,events[*]]`).
   */
  trackerEntities(query: Query): RouteAnswer {
    if (minorOf(this.#context.version) >= 41 && query['ouMode'] !== undefined) return conflict('ouMode is deprecated: use orgUnitMode');
    const modern = minorOf(this.#context.version) >= 41 ? query['trackedEntities']?.split(',') : undefined;
    const uids = modern ?? query['trackedEntity']?.split(';');
    const found = sortBy(this.#entitiesOf(uids, query['program'], query['updatedAfter']), query['order'],
      (e) => e.updatedAt, 'updatedAt');
    const withEvents = /events/.test(query['fields'] ?? '');
    return page(found, query, (entity) => trackerEntity(entity, this.#context, withEvents),
      { generation: 'tracker', listKey: 'trackedEntities', context: this.#context });
  }

  /** `GET /api/trackedEntityInstances` (deprecated): `trackedEntityInstance=a;b`, `ou` or `ouMode` required. */
  legacyEntities(query: Query): RouteAnswer {
    if (query['ou'] === undefined && !['ACCESSIBLE', 'ALL', 'CAPTURE'].includes(query['ouMode'] ?? '')) {
      return conflict('Either organisation unit or program must be specified, and ouMode ACCESSIBLE or ALL without an ou');
    }
    const found = sortBy(this.#entitiesOf(query['trackedEntityInstance']?.split(';'), query['program'],
      query['lastUpdatedStartDate']), query['order'], (e) => e.updatedAt, 'lastUpdated');
    const withEvents = /events/.test(query['fields'] ?? '');
    return page(found, query, (entity) => legacyEntity(entity, this.#context, withEvents),
      { generation: 'legacy', listKey: 'trackedEntityInstances', context: this.#context });
  }
}
