import type { DidTrustedIssuer } from '@healthcred/types';
import type { Issuer } from './issue-credential.js';

/**
 * The trust entry of an issuer this deployment runs: its DID document, its contexts under its own base URL, and the
 * authority's name and country as configured. What a deployment trusts by default, and publishes of itself.
 */
export function trustEntryOf(
  issuer: Pick<Issuer, 'did' | 'url' | 'didDocument'>, authority: { name: string; country: string },
): DidTrustedIssuer {
  return {
    did: issuer.did, name: authority.name, country: authority.country, didDocument: issuer.didDocument,
    contextBaseUrls: [issuer.url.replace(/\/+$/, '')],
  };
}
