import type { DocumentLoader } from '@healthcred/document-loader';
import { createStatusListChecker } from '@healthcred/status-list/read';
import type { TrustedIssuer } from '@healthcred/types';
import type { StatusChecker } from './verify/verify-core.js';
import { verifyCredential } from './verify-credential.js';

/** Options of {@link createVerifiedStatusChecker}. */
export interface VerifiedStatusOptions {
  /** Gets a status list credential by its URL (fetched, or a saved copy); what it throws fails the check. */
  fetchList(url: string): Promise<unknown>;
  /** The trust list a list must verify against, read each time a list is verified (it may change while running). */
  trustedIssuers: () => readonly TrustedIssuer[];
  /** Serves the contexts of every trusted issuer: the lists are verified as credentials. */
  documentLoader: DocumentLoader;
}

/**
 * The status checker of `verifyCredential` for credentials whose status lists are read from elsewhere (the API for
 * other issuers, `healthcred verify` for every credential): each list must itself verify against the trust list, with
 * the same verifier, before a bit of it is read.
 */
export function createVerifiedStatusChecker(options: VerifiedStatusOptions): StatusChecker {
  return createStatusListChecker({
    fetchList: options.fetchList,
    verifyList: async (list) => (await verifyCredential({
      credential: list, trustedIssuers: options.trustedIssuers(), documentLoader: options.documentLoader,
    })).verified,
  });
}
