import type { DivocTrustedIssuer, TrustedIssuer } from '@healthcred/types';
import type { DivocIssuer } from './divoc-issue.js';
import type { Issuer } from './issue-credential.js';
import { trustEntryOf } from './trust-entry.js';

/** The path of DIVOC's revocation route, which DIVOC's apps call on their own host and healthcred's API serves. */
export const DIVOC_REVOCATION_PATH = '/divoc/api/v1/certificate/revoked';

/**
 * The trust entry of this deployment's DIVOC profile: its `issuer`, its one key under its key id, its namespace and
 * the DIVOC revocation route under the issuer's base URL, so verifiers (this API's, the page, other deployments)
 * verify its DIVOC certificates and ask about their revocation.
 */
export function divocTrustEntryOf(
  divoc: DivocIssuer, authority: { name: string; country: string }, issuerUrl: string,
): DivocTrustedIssuer {
  return {
    did: divoc.profile.issuer, name: authority.name, country: authority.country,
    divoc: {
      keys: [divoc.publicKey],
      contexts: {
        [divoc.profile.namespaceUrl]: divoc.profile.context,
        ...(divoc.profile.testNamespaceUrl === undefined ? {} : { [divoc.profile.testNamespaceUrl]: 'test-certificate/v1' }),
      },
      revocationUrl: `${issuerUrl.replace(/\/+$/, '')}${DIVOC_REVOCATION_PATH}`,
    },
  };
}

/**
 * What a deployment trusts of itself: its DID entry ({@link trustEntryOf}), and under the DIVOC profile also its DIVOC
 * entry ({@link divocTrustEntryOf}).
 */
export function ownTrustEntries(
  issuer: Pick<Issuer, 'did' | 'url' | 'didDocument' | 'divoc'>, authority: { name: string; country: string },
): TrustedIssuer[] {
  const own: TrustedIssuer = trustEntryOf(issuer, authority);
  return issuer.divoc ? [own, divocTrustEntryOf(issuer.divoc, authority, issuer.url)] : [own];
}
