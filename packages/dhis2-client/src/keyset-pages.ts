import { HealthcredError } from '@healthcred/errors';
import type { SyncWatermarks } from '@healthcred/store';
import { dhis2Timestamp, secondsBefore } from './dhis2-pages.js';

/** One list of changes to drain from a watermark. */
export interface ChangeFeed {
  /** Watermark source of this list. */
  source: string;
  /** Asks for a page of the changes at or after `since` (all when undefined), oldest first. */
  fetch(since: string | undefined, page: number): Promise<Record<string, unknown>[]>;
  /** Publishes a page; resolves once it is on the bus. */
  handle(items: Record<string, unknown>[]): Promise<void>;
  /** What the request is called in an error. */
  where: string;
}

/** Options of {@link drainChanges}. */
export interface DrainOptions {
  watermarks: SyncWatermarks;
  pageSize: number;
  overlapSeconds: number;
  signal?: AbortSignal;
  /** Called after each handled page with the watermark it reached. */
  onPage?(page: { items: number; watermark?: string }): void;
}

/** The latest change time of a page (`updatedAt` of /api/tracker, `lastUpdated` of the deprecated endpoints). */
function latestOf(items: Record<string, unknown>[]): string | undefined {
  return items.map((item) => dhis2Timestamp(item.updatedAt ?? item.lastUpdated))
    .filter((time): time is string => time !== undefined).sort().at(-1);
}

const identity = (items: Record<string, unknown>[]) => JSON.stringify(items.map((item) => [item.event, item.trackedEntity,
  item.trackedEntityInstance, item.updatedAt ?? item.lastUpdated]));

/**
 * Drains a feed from its stored watermark minus `overlapSeconds`: each page is handled, then the watermark advances
 * to the page's latest change. The next page is asked from just before that time (keyset paging: whether DHIS2
 * compares with > or >=, the rest of that instant comes again, and edits made while paging cannot shift an unseen
 * change onto a page already read); only a full page of one instant moves to the next page number.
 *
 * @returns the watermark reached (undefined when the feed has none yet).
 * @throws HealthcredError `invalid_input` when the server answers the same full page twice (it ignores paging).
 */
export async function drainChanges(feed: ChangeFeed, options: DrainOptions): Promise<string | undefined> {
  let watermark = (await options.watermarks.read(feed.source))?.value;
  let since = watermark === undefined ? undefined : secondsBefore(watermark, options.overlapSeconds);
  let newest: string | undefined;
  let previous: string | undefined;
  for (let page = 1; !options.signal?.aborted;) {
    const items = await feed.fetch(since, page);
    if (items.length === 0) break;
    const seen = identity(items);
    if (page > 1 && seen === previous) {
      throw new HealthcredError('invalid_input', `DHIS2 answered ${feed.where} page ${page} with the same page as before: ` +
        'it ignores "page", so the changes cannot be read to the end.');
    }
    previous = seen;
    await feed.handle(items);
    const latest = latestOf(items);
    if (latest !== undefined) {
      await options.watermarks.advance(feed.source, latest);
      if (watermark === undefined || latest > watermark) watermark = latest;
    }
    options.onPage?.({ items: items.length, ...(watermark === undefined ? {} : { watermark }) });
    if (items.length < options.pageSize) break;
    if (latest !== undefined && (newest === undefined || latest > newest)) {
      newest = latest;
      since = secondsBefore(latest, 0.001);
      page = 1;
    } else {
      page += 1;
    }
  }
  return watermark;
}
