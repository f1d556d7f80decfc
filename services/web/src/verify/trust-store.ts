import type { BitstringStatusListEntry, DidDocument } from '@healthcred/types';
import { statusFromList, type StatusState } from './status-list.js';

/** What the verifier keeps on the device to verify offline: the issuer's DID document and its status lists. */
export interface TrustSnapshot {
  didDocument: DidDocument;
  /** Status list credentials keyed by their URL. */
  statusLists: Record<string, unknown>;
  savedAt: string;
}

const STORAGE_KEY = 'healthcred.verifier.trust';

async function fetchJson(url: string): Promise<unknown> {
  const response = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-cache' });
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return response.json();
}

function isDidDocument(value: unknown): value is DidDocument {
  const doc = value as DidDocument | undefined;
  return typeof doc?.id === 'string' && Array.isArray(doc.verificationMethod) && Array.isArray(doc.assertionMethod);
}

/** The snapshot saved on this device, if any. */
export function savedTrust(): TrustSnapshot | undefined {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as TrustSnapshot | null;
    return saved && isDidDocument(saved.didDocument) ? saved : undefined;
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

async function fetchStatusLists(): Promise<Record<string, unknown>> {
  const index = await fetchJson('/status').catch(() => undefined) as { statusLists?: unknown } | undefined;
  const urls = Array.isArray(index?.statusLists) ? index.statusLists.filter((url): url is string => typeof url === 'string') : [];
  const lists = await Promise.all(urls.map(async (url) => [url, await fetchJson(url)] as const));
  return Object.fromEntries(lists);
}

/**
 * Fetches the issuer's DID document and every status list from the page's own origin and saves them; falls back to
 * the saved snapshot when the issuer cannot be reached.
 */
export async function refreshTrust(): Promise<TrustSnapshot | undefined> {
  try {
    const didDocument = await fetchJson('/.well-known/did.json');
    if (!isDidDocument(didDocument)) return savedTrust();
    return save({ didDocument, statusLists: await fetchStatusLists(), savedAt: new Date().toISOString() });
  } catch {
    return savedTrust();
  }
}

/**
 * The state of a status entry from the snapshot's lists; a list the snapshot lacks is fetched (and saved) when the
 * network allows. The list's own signature is checked with `verifyList` before its bits are read.
 * @throws Error when no list is available or the list does not verify.
 */
export async function statusOf(options: {
  snapshot: TrustSnapshot; entry: BitstringStatusListEntry; issuer: string; verifyList: (list: unknown) => Promise<boolean>;
}): Promise<StatusState> {
  const { snapshot, entry } = options;
  const url = entry?.statusListCredential;
  if (typeof url !== 'string') throw new Error('The credential names no status list.');
  if (!(url in snapshot.statusLists)) {
    snapshot.statusLists[url] = await fetchJson(url);
    save(snapshot);
  }
  const list = snapshot.statusLists[url];
  if (!(await options.verifyList(list))) throw new Error('The status list does not verify.');
  return statusFromList(list, entry, options.issuer);
}
