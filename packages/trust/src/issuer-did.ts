import { HealthcredError } from '@healthcred/errors';
import { parseDidDocument, urlFromDidWeb } from '@healthcred/issuer-identity';
import type { DidDocument } from '@healthcred/types';

function refuse(field: string, problem: string): never {
  throw new HealthcredError('invalid_input', `${field}: ${problem}.`, { field });
}

/**
 * Checks that `did` can name a trusted health authority: a did:web DID (resolvable over HTTPS, or pinned). A did:key
 * names a key, not an authority (anyone makes one in a second), and other methods are not resolved here.
 *
 * @param field - The field's name for the error message, e.g. `trust-list.json[2].did`.
 * @throws HealthcredError `invalid_input` naming `field`.
 */
export function assertTrustableDid(did: string, field: string): void {
  if (did.startsWith('did:key:')) refuse(field, 'a did:key names a key anyone can make, not a health authority: trust a did:web DID');
  if (!did.startsWith('did:web:')) refuse(field, 'must be a did:web DID (did:web:<host>[:<path>]); no other DID method is trusted');
  try {
    urlFromDidWeb(did);
  } catch (cause) {
    throw new HealthcredError('invalid_input', `${field}: is not a well-formed did:web DID.`, { field, cause });
  }
}

/**
 * Reads the DID document of a trusted issuer from untrusted JSON: its Ed25519VerificationKey2020 keys (with their
 * `revoked` times, so a revoked key is named as such) and `assertionMethod`. The document must be `did`'s own.
 *
 * @param source - Where the document came from, e.g. `didDocument` or the URL it was fetched from.
 * @throws HealthcredError `invalid_input` naming the field, also when the document's `id` is not `did`.
 */
export function readIssuerDidDocument(json: unknown, options: { did: string; source: string }): DidDocument {
  const document = parseDidDocument(json, options.source);
  if (document.id !== options.did) {
    refuse(`${options.source}.id`, `is ${document.id}, not the DID it is trusted for (${options.did})`);
  }
  return document;
}
