import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { DID_V1_CONTEXT, ED25519_2020_CONTEXT, MULTIKEY_V1_CONTEXT } from '@healthcred/document-loader/browser';
import { HealthcredError } from '@healthcred/errors';
import type { DidDocument, Ed25519VerificationMethod } from '@healthcred/types';
import { ED25519_PUBLIC_PREFIX, encodeMultibaseKey } from './multibase.js';

/**
 * `active`: signs new credentials (exactly one key of a set). `retired`: no longer signs, still listed for
 * `assertionMethod`, so what it signed keeps verifying. `revoked`: published with its revocation time and no longer
 * listed for `assertionMethod`, so nothing it signed verifies (a compromised key). Only the active key keeps its
 * private part.
 */
export type IssuerKeyStatus = 'active' | 'retired' | 'revoked';

/**
 * One issuer key in memory. The private key is a Node `KeyObject`, which prints and serialises without its key
 * material, so logging an `IssuerKey` by mistake leaks nothing.
 */
export interface IssuerKey {
  /** Verification method id: `<did>#<publicKeyMultibase>`. */
  id: string;
  controller: string;
  publicKeyMultibase: string;
  created: string;
  status: IssuerKeyStatus;
  /** When the key was revoked (ISO 8601 date-time); present exactly when `status` is `revoked`. */
  revoked?: string;
  /** Why the key was revoked (kept in the key file, never published); present when `status` is `revoked`. */
  revocationReason?: string;
  /**
   * The private part: held by the active key only. A retired or revoked key has one only when it was read from a key
   * file written by an earlier version; writing the file deletes it (see {@link inactiveKeysWithSecrets}).
   */
  privateKey?: KeyObject;
}

/** All keys of one issuer DID. Exactly one is `active`. */
export interface IssuerKeySet {
  did: string;
  keys: IssuerKey[];
}

function newKey(did: string, created: Date): IssuerKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  const publicKeyMultibase = encodeMultibaseKey(ED25519_PUBLIC_PREFIX, raw);
  return {
    id: `${did}#${publicKeyMultibase}`, controller: did, publicKeyMultibase,
    created: created.toISOString(), status: 'active', privateKey,
  };
}

/** `key` without its private part. */
function publicOnly(key: IssuerKey): IssuerKey {
  const { privateKey: _secret, ...rest } = key;
  return rest;
}

/**
 * Generates a key set with one fresh Ed25519 key for `did`.
 * @param options.now - Creation time. Default: the current time.
 * @throws HealthcredError `invalid_input` when `did` is not a DID.
 */
export function generateIssuerKeySet(options: { did: string; now?: Date }): IssuerKeySet {
  if (!/^did:[a-z0-9]+:\S+$/.test(options.did)) {
    throw new HealthcredError('invalid_input', `"${options.did}" is not a DID.`, { field: 'did' });
  }
  return { did: options.did, keys: [newKey(options.did, options.now ?? new Date())] };
}

/**
 * Adds a new active key and retires the current one: it stays in the DID document for `assertionMethod`, so
 * credentials it signed keep verifying, but its private part is deleted (as that of every other inactive key), so it
 * can sign nothing again. Revoked keys stay revoked. Returns a new set; the input is not changed.
 * @param options.now - Creation time of the new key. Default: the current time.
 */
export function rotateIssuerKey(set: IssuerKeySet, options: { now?: Date } = {}): IssuerKeySet {
  const others = set.keys.map((key) => publicOnly(key.status === 'active' ? { ...key, status: 'retired' } : key));
  return { did: set.did, keys: [newKey(set.did, options.now ?? new Date()), ...others] };
}

/**
 * Revokes a key (e.g. a compromised one): it stays in the DID document with its `revoked` time, so verifiers can say
 * why its credentials fail, but is no longer listed for `assertionMethod`; its private part is deleted. Revoking the
 * active key first makes a fresh active key ({@link rotateIssuerKey}), so the set always has one. Returns a new set;
 * the input is not changed. Re-issue what the key signed afterwards (`@healthcred/issuance`).
 *
 * @param options.keyId - The key's verification method id (`<did>#z6Mk...`), or its `publicKeyMultibase`.
 * @param options.reason - Why (3 to 500 characters); kept in the key file, not published.
 * @param options.now - Revocation time (and creation time of a new active key). Default: the current time.
 * @throws HealthcredError `invalid_input` (field `reason`) for a missing or too long reason, `not_found` (field
 *   `keyId`) for a key not in the set, `conflict` for a key already revoked.
 */
export function revokeIssuerKey(set: IssuerKeySet, options: { keyId: string; reason: string; now?: Date }): IssuerKeySet {
  const reason = typeof options.reason === 'string' ? options.reason.trim() : '';
  if (reason.length < 3 || reason.length > 500) {
    throw new HealthcredError('invalid_input', 'Give a reason for revoking the key (3 to 500 characters).', { field: 'reason' });
  }
  const target = set.keys.find((key) => key.id === options.keyId || key.publicKeyMultibase === options.keyId);
  if (!target) throw new HealthcredError('not_found', `The issuer key set of ${set.did} has no key ${options.keyId}.`, { field: 'keyId' });
  if (target.status === 'revoked') throw new HealthcredError('conflict', `The key ${target.id} was already revoked on ${target.revoked}.`);
  const now = options.now ?? new Date();
  const base = target.status === 'active' ? rotateIssuerKey(set, { now }) : set;
  return {
    did: set.did,
    keys: base.keys.map((key) => (key.id === target.id
      ? { ...publicOnly(key), status: 'revoked', revoked: now.toISOString(), revocationReason: reason }
      : key)),
  };
}

/**
 * The active key of a set.
 * @throws HealthcredError `key_error` when the set has no active key with its private part.
 */
export function activeIssuerKey(set: IssuerKeySet): IssuerKey & { privateKey: KeyObject } {
  const key = set.keys.find((k) => k.status === 'active');
  if (!key?.privateKey) {
    throw new HealthcredError('key_error', `The issuer key set of ${set.did} has no active key with a private key.`);
  }
  return key as IssuerKey & { privateKey: KeyObject };
}

/**
 * Ids of the retired or revoked keys of `set` that still hold their private part: read from a key file written
 * before retiring deleted it. The next write of the file deletes them; callers say so.
 */
export function inactiveKeysWithSecrets(set: IssuerKeySet): string[] {
  return set.keys.filter((key) => key.status !== 'active' && key.privateKey !== undefined).map((key) => key.id);
}

/**
 * The id of a key's `Multikey` verification method: `<did>#multikey-<publicKeyMultibase>` (the key's own id,
 * `<did>#<publicKeyMultibase>`, is its `Ed25519VerificationKey2020` method).
 */
export function multikeyIdOf(key: Pick<IssuerKey, 'controller' | 'publicKeyMultibase'>): string {
  return `${key.controller}#multikey-${key.publicKeyMultibase}`;
}

/**
 * The DID document publishing every key of the set, public parts only: active and retired keys listed for
 * `assertionMethod`; revoked keys in `verificationMethod` only, with their `revoked` time. With `multikey` (the `vc2`
 * credential profile), each key is published a second time as a `Multikey` ({@link multikeyIdOf}), with the same
 * status, for `DataIntegrityProof`s; the `Ed25519VerificationKey2020` methods stay, so what they signed keeps
 * verifying.
 * @throws HealthcredError `key_error` when a revoked key has no revocation time.
 */
export function buildDidDocument(set: IssuerKeySet, options: { multikey?: boolean } = {}): DidDocument {
  const methodsOf = (key: IssuerKey): Ed25519VerificationMethod[] => {
    const method: Ed25519VerificationMethod = {
      id: key.id, type: 'Ed25519VerificationKey2020', controller: key.controller, publicKeyMultibase: key.publicKeyMultibase,
    };
    if (key.status === 'revoked') {
      if (key.revoked === undefined) throw new HealthcredError('key_error', `The revoked key ${key.id} has no revocation time.`);
      method.revoked = key.revoked;
    }
    return options.multikey ? [method, { ...method, id: multikeyIdOf(key), type: 'Multikey' }] : [method];
  };
  const verificationMethod = set.keys.flatMap(methodsOf);
  return {
    '@context': options.multikey ? [DID_V1_CONTEXT, ED25519_2020_CONTEXT, MULTIKEY_V1_CONTEXT] : [DID_V1_CONTEXT, ED25519_2020_CONTEXT],
    id: set.did,
    verificationMethod,
    assertionMethod: verificationMethod.filter((method) => method.revoked === undefined).map((method) => method.id),
  };
}
