import { createVerifiedStatusChecker, type StatusChecker } from '@healthcred/credentials';
import type { DocumentLoader } from '@healthcred/document-loader';
import { HealthcredError } from '@healthcred/errors';
import { fetchStatusList } from '@healthcred/status-list/read';
import type { TrustedIssuer } from '@healthcred/types';
import { parseStrictJson } from '@healthcred/validation';
import { readTextFile } from '../files.js';

/** Options of {@link statusCheckerFor}. */
export interface StatusSources {
  /** Saved status list credentials (`--status-list`), used instead of fetching their URL. */
  files: readonly string[];
  /** Never fetch (`--offline`). */
  offline: boolean;
  trustedIssuers: readonly TrustedIssuer[];
  documentLoader: DocumentLoader;
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
  return createVerifiedStatusChecker({
    fetchList: async (url) => {
      if (saved.has(url)) return saved.get(url);
      if (sources.offline) throw new HealthcredError('not_found', `No saved copy of ${url}, and --offline forbids fetching it.`);
      return fetchStatusList(url);
    },
    trustedIssuers: () => sources.trustedIssuers, documentLoader: sources.documentLoader,
  });
}
