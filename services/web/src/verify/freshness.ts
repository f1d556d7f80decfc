/** A document kept on the device, with when it was fetched (ISO date-time). */
export interface Cached<T> {
  value: T;
  savedAt: string;
  /** The `max-age` of the answer it came in (`Cache-Control`), in milliseconds, when it had one. */
  maxAgeMs?: number;
}

/** How long the trust list is used before it is fetched again (when online); the API caches it as long. */
export const TRUST_LIST_TTL_MS = 300_000;
/** How long a status list without a `ttl` is used before it is fetched again (the API's default). */
export const DEFAULT_LIST_TTL_MS = 300_000;
/** The background refresh never runs more often than this, whatever the lists' `ttl`. */
export const MIN_REFRESH_DELAY_MS = 1_000;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

const isPositive = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value > 0;

/**
 * The time to live of a kept status list credential: its `credentialSubject.ttl` in milliseconds when a positive
 * number (Bitstring Status List), else the `max-age` of the answer it came in (a Status List 2021 list has no `ttl`
 * and leaves caching to HTTP), else {@link DEFAULT_LIST_TTL_MS}. Pure.
 * @see https://www.w3.org/TR/vc-bitstring-status-list/#bitstringstatuslist
 */
export function listTtlMs(cached: Cached<unknown> | undefined): number {
  const list = cached?.value;
  const ttl = isObject(list) && isObject(list.credentialSubject) ? list.credentialSubject.ttl : undefined;
  if (isPositive(ttl)) return ttl;
  return isPositive(cached?.maxAgeMs) ? cached.maxAgeMs : DEFAULT_LIST_TTL_MS;
}

/** The `max-age` of a `Cache-Control` header in milliseconds, when it has a positive one. Pure. */
export function maxAgeMsOf(cacheControl: string | null): number | undefined {
  const seconds = Number(/(?:^|,)\s*max-age=(\d{1,9})\s*(?:,|$)/i.exec(cacheControl ?? '')?.[1]);
  return seconds > 0 ? seconds * 1000 : undefined;
}

/** When a cached document should be fetched again (milliseconds since the epoch); unreadable dates are due now. Pure. */
export function dueAt(cached: Cached<unknown>, ttlMs: number): number {
  const saved = Date.parse(cached.savedAt);
  return Number.isNaN(saved) ? 0 : saved + ttlMs;
}

export function isStale(cached: Cached<unknown>, ttlMs: number, now: number): boolean {
  return dueAt(cached, ttlMs) <= now;
}

function issuedAt(credential: unknown): number {
  const date = isObject(credential) ? credential.validFrom ?? credential.issuanceDate : undefined;
  const time = Date.parse(String(date));
  return Number.isNaN(time) ? -Infinity : time;
}

/** Whether a fetched list may replace the kept one: it was not issued before it (a stale cache can serve an older one). Pure. */
export function isNotOlder(candidate: unknown, kept: unknown): boolean {
  return issuedAt(candidate) >= issuedAt(kept);
}

/** The oldest fetch time among the documents, i.e. the age to show of what an offline check relies on. Pure. */
export function oldestSavedAt(documents: readonly Cached<unknown>[]): string {
  return documents.map((cached) => cached.savedAt).reduce((oldest, savedAt) => (savedAt < oldest ? savedAt : oldest));
}
