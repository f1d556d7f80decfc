import { verifyCredential, type StatusChecker } from '@healthcred/credentials';
import type { DocumentLoader } from '@healthcred/document-loader';
import { HealthcredError } from '@healthcred/errors';
import { createStatusListChecker } from '@healthcred/status-list/read';
import type { TrustedIssuer } from '@healthcred/types';
import { parseStrictJson } from '@healthcred/validation';
import { readTextFile } from '../files.js';

/** How long one status list fetch may take, and how large a list may be (a 131,072-bit list is about 1 KB). */
const FETCH_TIMEOUT_MS = 10_000;
const MAX_LIST_BYTES = 2 * 1024 * 1024;

/** Options of {@link statusCheckerFor}. */
export interface StatusSources {
  /** Saved status list credentials (`--status-list`), used instead of fetching their URL. */
  files: readonly string[];
  /** Never fetch (`--offline`). */
  offline: boolean;
  trustedIssuers: readonly TrustedIssuer[];
  documentLoader: DocumentLoader;
  /** Default: the global fetch. */
  fetch?: typeof fetch;
}

async function fetchList(url: string, fetcher: typeof fetch): Promise<unknown> {
  if (!/^https?:\/\//.test(url)) throw new HealthcredError('invalid_input', `The status list URL ${url} is not http(s).`);
  const response = await fetcher(url, { headers: { Accept: 'application/vc+ld+json, application/json' }, signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  if (!response.ok) throw new HealthcredError('not_found', `${url} answered ${response.status}.`, { retryable: true });
  const text = await response.text();
  if (text.length > MAX_LIST_BYTES) throw new HealthcredError('invalid_input', `${url} is larger than a status list can be.`);
  return parseStrictJson(text, url);
}

/**
 * The status checker `healthcred verify` uses: lists from the saved files by their `id`, else fetched over HTTP(S)
 * unless offline; each list must itself verify against the same trust list before its bits are read. Undefined
 * when offline with no saved list: revocation is then not checked, and the caller must say so.
 */
export function statusCheckerFor(sources: StatusSources): StatusChecker | undefined {
  const saved = new Map<string, unknown>();
  for (const file of sources.files) {
    const list = parseStrictJson(readTextFile(file), file) as { id?: unknown };
    if (typeof list?.id !== 'string') throw new HealthcredError('invalid_input', `${file} is not a status list credential (no "id").`, { field: 'id' });
    saved.set(list.id, list);
  }
  if (sources.offline && saved.size === 0) return undefined;
  const fetcher = sources.fetch ?? fetch;
  return createStatusListChecker({
    fetchList: async (url) => {
      if (saved.has(url)) return saved.get(url);
      if (sources.offline) throw new HealthcredError('not_found', `No saved copy of ${url}, and --offline forbids fetching it.`);
      return fetchList(url, fetcher);
    },
    verifyList: async (list) =>
      (await verifyCredential({ credential: list, trustedIssuers: sources.trustedIssuers, documentLoader: sources.documentLoader })).verified,
  });
}
