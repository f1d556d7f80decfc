import { HealthcredError } from '@healthcred/errors';
import type { DidDocument, Ed25519VerificationMethod } from '@healthcred/types';
import { isIsoDateTime } from '@healthcred/validation';
import { decodeMultibaseKey, ED25519_PUBLIC_PREFIX } from './multibase.js';

function invalid(source: string, field: string, problem: string): HealthcredError {
  return new HealthcredError('invalid_input', `${source}: ${field} ${problem}.`, { field });
}

/**
 * Reads a DID document from untrusted JSON, keeping its Ed25519 methods (Ed25519VerificationKey2020, Multikey) and their `revoked` time
 * (a revoked key: nothing it signed verifies).
 *
 * @param source - Where the JSON came from, for error messages.
 * @throws HealthcredError `invalid_input` naming the field when the document is malformed, a method is not a valid
 *   Ed25519 key of the document's DID, or `assertionMethod` names a method the document does not list, or a `revoked` member is not an ISO 8601 date-time.
 */
export function parseDidDocument(json: unknown, source: string): DidDocument {
  if (typeof json !== 'object' || json === null) throw invalid(source, 'the document', 'must be a JSON object');
  const doc = json as Record<string, unknown>;
  if (typeof doc.id !== 'string' || !doc.id.startsWith('did:')) throw invalid(source, 'id', 'must be a DID');
  const did = doc.id;
  if (!Array.isArray(doc.verificationMethod)) throw invalid(source, 'verificationMethod', 'must be an array');
  const verificationMethod: Ed25519VerificationMethod[] = doc.verificationMethod.map((value: unknown, i) => {
    const where = `verificationMethod[${i}]`;
    const method = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
    if (method.type !== 'Ed25519VerificationKey2020' && method.type !== 'Multikey') {
      throw invalid(source, `${where}.type`, 'must be Ed25519VerificationKey2020 or Multikey');
    }
    if (typeof method.id !== 'string' || !method.id.startsWith(`${did}#`)) {
      throw invalid(source, `${where}.id`, `must start with "${did}#"`);
    }
    if (method.controller !== did) throw invalid(source, `${where}.controller`, `must be ${did}`);
    if (typeof method.publicKeyMultibase !== 'string' ||
      !decodeMultibaseKey(method.publicKeyMultibase, ED25519_PUBLIC_PREFIX, 32)) {
      throw invalid(source, `${where}.publicKeyMultibase`, 'must be a multibase Ed25519 public key (z6Mk...)');
    }
    const parsed: Ed25519VerificationMethod = {
      id: method.id, type: method.type as Ed25519VerificationMethod['type'], controller: did, publicKeyMultibase: method.publicKeyMultibase,
    };
    if (method.revoked !== undefined) {
      if (typeof method.revoked !== 'string' || !isIsoDateTime(method.revoked)) {
        throw invalid(source, `${where}.revoked`, 'must be an ISO 8601 date-time');
      }
      parsed.revoked = method.revoked;
    }
    return parsed;
  });
  const assertion = doc.assertionMethod ?? [];
  if (!Array.isArray(assertion) || !assertion.every((id) => typeof id === 'string')) {
    throw invalid(source, 'assertionMethod', 'must be an array of verification method ids');
  }
  const unknown = assertion.find((id) => !verificationMethod.some((method) => method.id === id));
  if (unknown !== undefined) throw invalid(source, 'assertionMethod', `names ${unknown}, which is not in verificationMethod`);
  const context = Array.isArray(doc['@context']) ? doc['@context'].filter((c) => typeof c === 'string') : [];
  return { '@context': context, id: did, verificationMethod, assertionMethod: assertion };
}
