import { dhis2PayloadKey } from '@healthcred/dhis2';
import type { OrgUnitDirectory, SyncWatermarks } from '@healthcred/store';
import type { Dhis2Client, Dhis2ServerInfo } from './dhis2-client.js';
import { drainChanges, type ChangeFeed } from './keyset-pages.js';

/** A message for the DHIS2 topic, as the webhook and `dhis2 import` publish them. */
export interface Dhis2Message {
  key?: string;
  value: string;
  headers: Record<string, string>;
}

/** What one pull needs. */
export interface Dhis2SyncDeps {
  client: Dhis2Client;
  watermarks: SyncWatermarks;
  directory: OrgUnitDirectory;
  /** Puts messages on the DHIS2 topic; resolves once they are stored on the bus. */
  publish(messages: Dhis2Message[]): Promise<void>;
  program: string;
  pageSize: number;
  /** Seconds before the stored watermark a pull starts from. */
  overlapSeconds: number;
  /** Called after each published page. */
  onPage?(progress: SyncProgress): void;
  /** Stops between two pages when aborted. */
  signal?: AbortSignal;
}

/** How far a pull has got. */
export interface SyncProgress {
  pages: number;
  events: number;
  trackedEntities: number;
  /** The watermark of changed events after the last published page. */
  watermark?: string;
  /** The watermark of changed tracked entities. */
  entityWatermark?: string;
  /** Org units saved by refreshes during the pull. */
  orgUnitsRefreshed: number;
  server: Dhis2ServerInfo;
}

/** The watermark source of a program on an instance. */
export function syncSource(url: string, program: string): string {
  return `dhis2:${url}:${program}`;
}

const refOf = (item: Record<string, unknown>) => (item.trackedEntity ?? item.trackedEntityInstance) as unknown;

/** One message per tracked entity, its changed events beside it, in the list shape of its API generation. */
function messagesOf(events: Record<string, unknown>[], entities: Record<string, unknown>[], server: Dhis2ServerInfo): Dhis2Message[] {
  const listKey = server.generation === 'legacy' ? 'trackedEntityInstances' : 'trackedEntities';
  const byUid = new Map(entities.map((entity) => [refOf(entity), entity]));
  const grouped = new Map<unknown, Record<string, unknown>[]>();
  for (const event of events) grouped.set(refOf(event), [...(grouped.get(refOf(event)) ?? []), event]);
  return [...grouped].map(([uid, own]) => {
    const entity = byUid.get(uid);
    // A tracked entity DHIS2 did not return (deleted, no access) still goes on: the issuer dead-letters it, named.
    const payload = { [listKey]: entity === undefined ? [] : [entity], events: own };
    const key = dhis2PayloadKey(payload) ?? (typeof uid === 'string' ? uid : undefined);
    return { ...(key === undefined ? {} : { key }), value: JSON.stringify(payload), headers: { source: 'sync' } };
  });
}

/** Saves the server's org units when a page names one the directory lacks (once per pull). */
async function ensureOrgUnits(deps: Dhis2SyncDeps, events: Record<string, unknown>[], state: PullState): Promise<number> {
  if (state.refreshed) return 0;
  const named = [...new Set(events.map((event) => event.orgUnit).filter((uid): uid is string => typeof uid === 'string'))];
  const known = await deps.directory.find(named);
  if (known.length === named.length) return 0;
  state.refreshed = true;
  return deps.directory.save(await deps.client.orgUnits());
}

/** The feed of changed events: each page's tracked entities are fetched and published beside their events. */
function eventFeed(deps: Dhis2SyncDeps, server: Dhis2ServerInfo, progress: SyncProgress, state: PullState): ChangeFeed {
  return {
    source: syncSource(deps.client.url, deps.program),
    where: `GET /api/${server.generation === 'legacy' ? 'events' : 'tracker/events'}`,
    fetch: async (since, page) => (await deps.client.changedEvents(server, { program: deps.program, page,
      pageSize: deps.pageSize, ...(since === undefined ? {} : { since }) })).items as Record<string, unknown>[],
    handle: async (events) => {
      const uids = [...new Set(events.map(refOf).filter((uid): uid is string => typeof uid === 'string'))];
      const entities = await deps.client.trackedEntities(server, { program: deps.program, uids }) as Record<string, unknown>[];
      progress.orgUnitsRefreshed += await ensureOrgUnits(deps, events, state);
      const messages = messagesOf(events, entities, server);
      await deps.publish(messages);
      uids.forEach((uid) => state.published.add(uid));
      progress.events += events.length;
      progress.trackedEntities += messages.length;
    },
  };
}

/** The events nested in the enrollments of tracked entities. */
const nestedEvents = (entities: Record<string, unknown>[]) => entities.flatMap((entity) =>
  (Array.isArray(entity.enrollments) ? entity.enrollments : []).flatMap((enrollment: { events?: unknown }) =>
    (Array.isArray(enrollment?.events) ? enrollment.events : []) as Record<string, unknown>[]));

/**
 * The feed of changed tracked entities (a corrected name, birth date...), each published with its events, except
 * those this pull already published beside a changed event.
 */
function entityFeed(deps: Dhis2SyncDeps, server: Dhis2ServerInfo, progress: SyncProgress, state: PullState): ChangeFeed {
  const listKey = server.generation === 'legacy' ? 'trackedEntityInstances' : 'trackedEntities';
  return {
    source: `${syncSource(deps.client.url, deps.program)}:trackedEntities`,
    where: `GET /api/${server.generation === 'legacy' ? listKey : 'tracker/trackedEntities'}`,
    fetch: async (since, page) => (await deps.client.changedTrackedEntities(server, { program: deps.program, page,
      pageSize: deps.pageSize, ...(since === undefined ? {} : { since }) })).items as Record<string, unknown>[],
    handle: async (changed) => {
      const uids = changed.map(refOf).filter((uid): uid is string => typeof uid === 'string' && !state.published.has(uid));
      const fresh = uids.length === 0 ? []
        : await deps.client.trackedEntities(server, { program: deps.program, uids, withEvents: true }) as Record<string, unknown>[];
      progress.orgUnitsRefreshed += await ensureOrgUnits(deps, nestedEvents(fresh), state);
      const messages = fresh.map((entity) => {
        const payload = { [listKey]: [entity] };
        const key = dhis2PayloadKey(payload);
        return { ...(key === undefined ? {} : { key }), value: JSON.stringify(payload), headers: { source: 'sync' } };
      });
      if (messages.length > 0) await deps.publish(messages);
      uids.forEach((uid) => state.published.add(uid));
      progress.trackedEntities += messages.length;
    },
  };
}

interface PullState {
  /** Whether the org units were refreshed in this pull. */
  refreshed: boolean;
  /** Tracked entities published in this pull. */
  published: Set<string>;
}

/**
 * Pulls the program's changes since the stored watermarks (minus `overlapSeconds`), oldest first, page by page: first
 * the changed events, each page with its tracked entities fetched beside it, then the changed tracked entities (an
 * attribute corrected without a new event), each with its events. Before publishing a page it refreshes the org unit
 * directory if the page names an unknown org unit; it publishes one message per tracked entity, and only then
 * advances that list's watermark to the page's latest change (see `drainChanges`). A crash loses nothing: the next
 * pull starts again before the watermarks, and what it publishes twice is issued once (idempotent by source key).
 *
 * @throws HealthcredError from the client (`unauthorized` on 401/403, `unavailable` after the retries, `invalid_input`
 *   for a malformed page) or the ports; the watermarks then stay after the last published pages.
 */
export async function pullDhis2Changes(deps: Dhis2SyncDeps): Promise<SyncProgress> {
  const server = await deps.client.serverInfo();
  const progress: SyncProgress = { pages: 0, events: 0, trackedEntities: 0, orgUnitsRefreshed: 0, server };
  const state: PullState = { refreshed: false, published: new Set() };
  const drain = (feed: ChangeFeed, onWatermark: (watermark: string) => void) => drainChanges(feed, {
    watermarks: deps.watermarks, pageSize: deps.pageSize, overlapSeconds: deps.overlapSeconds,
    ...(deps.signal ? { signal: deps.signal } : {}),
    onPage: ({ watermark }) => {
      progress.pages += 1;
      if (watermark !== undefined) onWatermark(watermark);
      deps.onPage?.(progress);
    },
  });
  const events = await drain(eventFeed(deps, server, progress, state), (watermark) => { progress.watermark = watermark; });
  if (events !== undefined) progress.watermark = events;
  const entities = await drain(entityFeed(deps, server, progress, state), (watermark) => { progress.entityWatermark = watermark; });
  if (entities !== undefined) progress.entityWatermark = entities;
  return progress;
}
