import { dhis2PayloadKey } from '@healthcred/dhis2';
import type { OrgUnitDirectory, SyncWatermarks } from '@healthcred/store';
import type { Dhis2Client, Dhis2ServerInfo } from './dhis2-client.js';
import { dhis2Timestamp, secondsBefore } from './dhis2-pages.js';

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
  /** The watermark after the last published page. */
  watermark?: string;
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
async function ensureOrgUnits(deps: Dhis2SyncDeps, events: Record<string, unknown>[], state: { refreshed: boolean }): Promise<number> {
  if (state.refreshed) return 0;
  const named = [...new Set(events.map((event) => event.orgUnit).filter((uid): uid is string => typeof uid === 'string'))];
  const known = await deps.directory.find(named);
  if (known.length === named.length) return 0;
  state.refreshed = true;
  return deps.directory.save(await deps.client.orgUnits());
}

/**
 * Pulls the program's events changed since the stored watermark (minus `overlapSeconds`), oldest change first, page
 * by page: for each page it fetches the tracked entities, refreshes the org unit directory if the page names an
 * unknown org unit, publishes one message per tracked entity, and only then advances the watermark to the page's
 * latest change. A crash loses nothing: the next pull starts again before the watermark, and what it publishes twice
 * is issued once (idempotent by source key). Each next page is asked from the new watermark (keyset paging), so
 * changes made while paging cannot shift an unseen event onto a page already read.
 *
 * @throws HealthcredError from the client (`unauthorized` on 401/403, `unavailable` after the retries, `invalid_input`
 *   for a malformed page) or the ports; the watermark then stays after the last published page.
 */
export async function pullDhis2Changes(deps: Dhis2SyncDeps): Promise<SyncProgress> {
  const server = await deps.client.serverInfo();
  const source = syncSource(deps.client.url, deps.program);
  const stored = (await deps.watermarks.read(source))?.value;
  let since = stored === undefined ? undefined : secondsBefore(stored, deps.overlapSeconds);
  const progress: SyncProgress = { pages: 0, events: 0, trackedEntities: 0, orgUnitsRefreshed: 0, server,
    ...(stored === undefined ? {} : { watermark: stored }) };
  const state = { refreshed: false };
  let newest: string | undefined;
  for (let page = 1; !deps.signal?.aborted;) {
    const { items } = await deps.client.changedEvents(server, { program: deps.program, page, pageSize: deps.pageSize,
      ...(since === undefined ? {} : { since }) });
    if (items.length === 0) break;
    const events = items as Record<string, unknown>[];
    const uids = [...new Set(events.map(refOf).filter((uid): uid is string => typeof uid === 'string'))];
    const entities = await deps.client.trackedEntities(server, { program: deps.program, uids }) as Record<string, unknown>[];
    progress.orgUnitsRefreshed += await ensureOrgUnits(deps, events, state);
    const messages = messagesOf(events, entities, server);
    await deps.publish(messages);
    const latest = events.map((event) => dhis2Timestamp(event.updatedAt ?? event.lastUpdated))
      .filter((time): time is string => time !== undefined).sort().at(-1);
    if (latest !== undefined) await deps.watermarks.advance(source, latest);
    progress.pages += 1;
    progress.events += events.length;
    progress.trackedEntities += messages.length;
    if (latest !== undefined && (progress.watermark === undefined || latest > progress.watermark)) progress.watermark = latest;
    deps.onPage?.(progress);
    if (items.length < deps.pageSize) break;
    // Keyset paging: ask again from just before the latest change seen (whether DHIS2 compares with > or >=, the
    // rest of that instant comes again); only a full page of one instant needs the next page number.
    if (latest !== undefined && (newest === undefined || latest > newest)) {
      newest = latest;
      since = secondsBefore(latest, 0.001);
      page = 1;
    } else {
      page += 1;
    }
  }
  return progress;
}
