import type { SignedHealthCredential } from '@healthcred/types';
import { isUnsafeJsonError, parseStrictJson } from '@healthcred/validation';
import { invalidQr } from './limits.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks that a decoded value has the outline of a signed verifiable credential (a `@context` array, a `type`
 * array with `VerifiableCredential`, a `proof` object). The proof itself is checked by `verifyCredential`.
 * @throws HealthcredError `invalid_input` when it does not.
 */
export function assertCredentialShape(value: unknown): asserts value is SignedHealthCredential {
  if (!isObject(value)) throw invalidQr('The QR holds JSON that is not an object, so not a credential.');
  if (!Array.isArray(value['@context'])) throw invalidQr('The QR holds JSON without "@context": not a credential.');
  if (!Array.isArray(value.type) || !value.type.includes('VerifiableCredential')) {
    throw invalidQr('The QR holds JSON whose "type" lacks "VerifiableCredential": not a credential.');
  }
  if (!isObject(value.proof)) throw invalidQr('The QR holds a credential without a "proof": it is not signed.');
}

/**
 * Parses UTF-8 JSON bytes into a signed credential, refusing JSON that names a member twice or has a forbidden
 * member (which two readers could see differently under one signature).
 * @throws UnsafeJsonError (from @healthcred/validation) for such JSON, so a verifier can report it as a failed check;
 *   HealthcredError `invalid_input` when the bytes are not UTF-8 JSON or not a signed credential.
 */
export function parseCredentialJson(bytes: Uint8Array, what: string): SignedHealthCredential {
  let value: unknown;
  try {
    value = parseStrictJson(new TextDecoder('utf-8', { fatal: true }).decode(bytes), what);
  } catch (cause) {
    if (isUnsafeJsonError(cause)) throw cause;
    throw invalidQr(`${what} is not valid UTF-8 JSON.`, cause);
  }
  assertCredentialShape(value);
  return value;
}
