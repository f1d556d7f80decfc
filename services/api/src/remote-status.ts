import { contextBaseUrlsOf, createVerifiedStatusChecker, type StatusChecker } from '@healthcred/credentials';
import type { DocumentLoader } from '@healthcred/document-loader';
import { HealthcredError } from '@healthcred/errors';
import { fetchStatusList } from '@healthcred/status-list/read';
import type { TrustedIssuer } from '@healthcred/types';

/** What {@link createRemoteStatusChecker} needs. */
export interface RemoteStatusDeps {
  trustedIssuers: () => readonly TrustedIssuer[];
  /** Serves the contexts of every trusted issuer (the lists are verified as credentials). */
  documentLoader: DocumentLoader;
  /** How long a fetched list is used before it is fetched again. */
  ttlMs: number;
  fetch?: typeof fetch;
  now?: () => number;
}

/**
 * The status of another trusted issuer's credentials: their status lists fetched over HTTP(S), each verified against
 * the trust list before its bits are read, kept for `ttlMs`. Only URLs under the issuer's own base URLs are fetched,
 * so a verification request cannot make this server fetch anything else.
 */
export function createRemoteStatusChecker(deps: RemoteStatusDeps): StatusChecker {
  const now = deps.now ?? Date.now;
  let current: { checker: StatusChecker; since: number } | undefined;
  const checker = () => {
    if (current === undefined || now() - current.since > deps.ttlMs) {
      current = {
        since: now(),
        checker: createVerifiedStatusChecker({
          fetchList: (url) => fetchStatusList(url, deps.fetch ? { fetch: deps.fetch } : {}),
          trustedIssuers: deps.trustedIssuers, documentLoader: deps.documentLoader,
        }),
      };
    }
    return current.checker;
  };
  return async (entry, issuer) => {
    const trusted = deps.trustedIssuers().filter((candidate) => candidate.did === issuer);
    const bases = contextBaseUrlsOf(trusted);
    const url = String(entry?.statusListCredential);
    if (!bases.some((base) => url.startsWith(`${base}/`))) {
      throw new HealthcredError('invalid_input', `The status list ${url} is not under the issuer's own URL.`, { field: 'statusListCredential' });
    }
    return checker()(entry, issuer);
  };
}
