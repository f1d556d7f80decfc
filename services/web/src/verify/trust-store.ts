import type { CredentialStatusEntry, TrustedIssuer } from '@healthcred/types';
import { parseStrictJson } from '@healthcred/validation';
import {
  dueAt, isNotOlder, isStale, listTtlMs, maxAgeMsOf, oldestSavedAt, TRUST_LIST_TTL_MS, type Cached,
} from './freshness.js';
import { statusFromList, type StatusState } from '@healthcred/status-list/read';
import { readTrustList } from './trust-list.js';

/**
 * What the verifier keeps on the device to verify offline: the trust list (the health authorities whose
 * credentials it accepts, with their keys) and the status lists.
 */
export interface TrustSnapshot {
  trustList: Cached<TrustedIssuer[]>;
  /** Status list credentials keyed by their URL. */
  statusLists: Record<string, Cached<unknown>>;
}

/** Whether a fetched status list verifies against `trustList`; only then may it replace the kept copy. */
export type ListVerifier = (list: unknown, trustList: readonly TrustedIssuer[]) => Promise<boolean>;

const STORAGE_KEY = 'healthcred.verifier.trust';

/** The document at `url`, kept as fetched now, with the answer's `max-age`. */
async function fetchCached(url: string): Promise<Cached<unknown>> {
  const response = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-cache' });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  const value = parseStrictJson(await response.text(), url);
  const maxAgeMs = maxAgeMsOf(response.headers.get('Cache-Control'));
  return { value, savedAt: new Date().toISOString(), ...(maxAgeMs === undefined ? {} : { maxAgeMs }) };
}

async function fetchJson(url: string): Promise<unknown> {
  return (await fetchCached(url)).value;
}

const isCached = (value: unknown): value is Cached<unknown> =>
  typeof value === 'object' && value !== null && 'value' in value && typeof (value as Cached<unknown>).savedAt === 'string';

/** The snapshot saved on this device, if any (a copy in an older format counts as none). */
export function savedTrust(): TrustSnapshot | undefined {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<TrustSnapshot> | null;
    const trustList = isCached(saved?.trustList) ? readTrustList({ issuers: saved.trustList.value }) : undefined;
    const valid = trustList !== undefined && typeof saved?.statusLists === 'object' && saved.statusLists !== null
      && Object.values(saved.statusLists).every(isCached);
    return valid ? { trustList: { value: trustList, savedAt: saved.trustList!.savedAt }, statusLists: saved.statusLists! } : undefined;
  } catch {
    return undefined;
  }
}

function save(snapshot: TrustSnapshot): TrustSnapshot {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(snapshot));
  } catch {
    // A full or disabled storage only costs the offline use after a reload; this page keeps the snapshot in memory.
  }
  return snapshot;
}

/** When the oldest document of the snapshot was fetched: the age of what an offline check relies on. */
export function trustSavedAt(snapshot: TrustSnapshot): string {
  return oldestSavedAt([snapshot.trustList, ...Object.values(snapshot.statusLists)]);
}

/** When the first document of the snapshot is due to be fetched again (milliseconds since the epoch). */
export function nextRefreshAt(snapshot: TrustSnapshot): number {
  const lists = Object.values(snapshot.statusLists).map((cached) => dueAt(cached, listTtlMs(cached)));
  return Math.min(dueAt(snapshot.trustList, TRUST_LIST_TTL_MS), ...lists);
}

/** The trust list from `GET /trust-list` when the answer is well-formed, else the kept one. */
async function fetchTrustList(kept: Cached<TrustedIssuer[]> | undefined): Promise<Cached<TrustedIssuer[]> | undefined> {
  try {
    const value = readTrustList(await fetchJson('/trust-list'));
    return value ? { value, savedAt: new Date().toISOString() } : kept;
  } catch {
    return kept;
  }
}

async function fetchListUrls(kept: readonly string[]): Promise<string[]> {
  try {
    const index = await fetchJson('/status') as { statusLists?: unknown } | undefined;
    const urls = Array.isArray(index?.statusLists) ? index.statusLists.filter((url): url is string => typeof url === 'string') : [];
    return [...new Set([...urls, ...kept])];
  } catch {
    return [...kept];
  }
}

async function fetchList(
  url: string, kept: Cached<unknown> | undefined, trustList: readonly TrustedIssuer[], verifyList: ListVerifier,
): Promise<Cached<unknown> | undefined> {
  try {
    const fetched = await fetchCached(url);
    const better = (!kept || isNotOlder(fetched.value, kept.value)) && await verifyList(fetched.value, trustList);
    return better ? fetched : kept;
  } catch {
    return kept;
  }
}

/**
 * Brings the snapshot up to date from the page's own origin and saves it: fetches the trust list and each status
 * list that is missing or older than its time to live (every one with `force`). Whatever cannot be fetched, or is
 * not a well-formed trust list, or does not verify against the trust list, or is older than the kept copy, keeps the
 * kept copy. Never throws; undefined only when nothing is kept and the issuer cannot be reached.
 */
export async function refreshTrust(options: {
  current?: TrustSnapshot; verifyList: ListVerifier; force?: boolean;
}): Promise<TrustSnapshot | undefined> {
  const { current, force = false } = options;
  const now = Date.now();
  const due = (cached: Cached<unknown> | undefined, ttlMs: number) => force || !cached || isStale(cached, ttlMs, now);
  const trustList = due(current?.trustList, TRUST_LIST_TTL_MS) ? await fetchTrustList(current?.trustList) : current?.trustList;
  if (!trustList) return undefined;
  const kept = current?.statusLists ?? {};
  const urls = await fetchListUrls(Object.keys(kept));
  const lists = await Promise.all(urls.map(async (url) => {
    const list = kept[url];
    return [url, due(list, listTtlMs(list)) ? await fetchList(url, list, trustList.value, options.verifyList) : list] as const;
  }));
  const statusLists = Object.fromEntries(lists.filter((entry): entry is [string, Cached<unknown>] => entry[1] !== undefined));
  return save({ trustList, statusLists });
}

/**
 * The state of a status entry from the snapshot's lists; a list the snapshot lacks is fetched (and saved) when the
 * network allows. The list is checked with `verifyList` (against the trust list) before its bits are read, and must
 * be the credential issuer's own.
 * @throws Error when no list is available or the list does not verify.
 */
export async function statusOf(options: {
  snapshot: TrustSnapshot; entry: CredentialStatusEntry; issuer: string; verifyList: (list: unknown) => Promise<boolean>;
}): Promise<StatusState> {
  const { snapshot, entry } = options;
  const url = entry?.statusListCredential;
  if (typeof url !== 'string') throw new Error('The credential names no status list.');
  const kept = snapshot.statusLists[url];
  const list = kept ?? await fetchCached(url);
  if (!(await options.verifyList(list.value))) throw new Error('The status list does not verify.');
  if (!kept) {
    snapshot.statusLists[url] = list;
    save(snapshot);
  }
  return statusFromList(list.value, entry, options.issuer);
}
