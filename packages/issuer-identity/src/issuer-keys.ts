import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { HealthcredError } from '@healthcred/errors';
import type { DidDocument, Ed25519VerificationMethod } from '@healthcred/types';
import {
  decodeMultibaseKey, ED25519_PRIVATE_PREFIX, ED25519_PUBLIC_PREFIX, encodeMultibaseKey,
} from './multibase.js';

/** `active`: signs new credentials. `retired`: no longer signs, still published so old credentials verify. */
export type IssuerKeyStatus = 'active' | 'retired';

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
  /** Absent when only the public part is known (e.g. a retired key whose secret was destroyed). */
  privateKey?: KeyObject;
}

/** All keys of one issuer DID. Exactly one is `active`. */
export interface IssuerKeySet {
  did: string;
  keys: IssuerKey[];
}

/** One key as written in an issuer key file. */
export interface IssuerKeyFileEntry {
  id: string;
  type: 'Ed25519VerificationKey2020';
  controller: string;
  publicKeyMultibase: string;
  privateKeyMultibase?: string;
  created: string;
  status: IssuerKeyStatus;
}

/** The JSON of an issuer key file (`issuer-key.json`). Contains secrets: keep it mode 0600, out of git. */
export interface IssuerKeyFile {
  did: string;
  keys: IssuerKeyFileEntry[];
}

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function newKey(did: string, created: Date): IssuerKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  const publicKeyMultibase = encodeMultibaseKey(ED25519_PUBLIC_PREFIX, raw);
  return {
    id: `${did}#${publicKeyMultibase}`, controller: did, publicKeyMultibase,
    created: created.toISOString(), status: 'active', privateKey,
  };
}

/**
 * Generates a key set with one fresh Ed25519 key for `did`.
 * @param options.now - Creation time. Default: the current time.
 */
export function generateIssuerKeySet(options: { did: string; now?: Date }): IssuerKeySet {
  if (!/^did:[a-z0-9]+:\S+$/.test(options.did)) {
    throw new HealthcredError('invalid_input', `"${options.did}" is not a DID.`, { field: 'did' });
  }
  return { did: options.did, keys: [newKey(options.did, options.now ?? new Date())] };
}

/**
 * Adds a new active key and retires the current one (it stays in the DID document, so credentials it signed keep
 * verifying). Returns a new set; the input is not changed.
 */
export function rotateIssuerKey(set: IssuerKeySet, options: { now?: Date } = {}): IssuerKeySet {
  const retired = set.keys.map((key) => ({ ...key, status: 'retired' as const }));
  return { did: set.did, keys: [newKey(set.did, options.now ?? new Date()), ...retired] };
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

/** The DID document publishing every key of the set (active and retired) for `assertionMethod`. */
export function buildDidDocument(set: IssuerKeySet): DidDocument {
  const verificationMethod: Ed25519VerificationMethod[] = set.keys.map((key) => ({
    id: key.id, type: 'Ed25519VerificationKey2020', controller: key.controller,
    publicKeyMultibase: key.publicKeyMultibase,
  }));
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/ed25519-2020/v1'],
    id: set.did,
    verificationMethod,
    assertionMethod: verificationMethod.map((method) => method.id),
  };
}

/** The key file JSON of a set, private keys included. */
export function toIssuerKeyFile(set: IssuerKeySet): IssuerKeyFile {
  return {
    did: set.did,
    keys: set.keys.map((key) => {
      const entry: IssuerKeyFileEntry = {
        id: key.id, type: 'Ed25519VerificationKey2020', controller: key.controller,
        publicKeyMultibase: key.publicKeyMultibase, created: key.created, status: key.status,
      };
      if (key.privateKey) {
        const jwk = key.privateKey.export({ format: 'jwk' });
        const secret = Buffer.concat([Buffer.from(jwk.d!, 'base64url'), Buffer.from(jwk.x!, 'base64url')]);
        entry.privateKeyMultibase = encodeMultibaseKey(ED25519_PRIVATE_PREFIX, secret);
      }
      return entry;
    }),
  };
}

function keyError(source: string, where: string, problem: string): HealthcredError {
  return new HealthcredError('key_error', `Issuer key ${source}: ${where} ${problem}.`, { field: where });
}

function parseEntry(value: unknown, did: string, where: string, source: string): IssuerKey {
  if (typeof value !== 'object' || value === null) throw keyError(source, where, 'must be an object');
  const entry = value as Record<string, unknown>;
  for (const field of ['id', 'controller', 'publicKeyMultibase', 'created']) {
    if (typeof entry[field] !== 'string') throw keyError(source, `${where}.${field}`, 'must be a string');
  }
  const { id, controller, publicKeyMultibase, created, status, privateKeyMultibase } = entry as Record<string, string>;
  if (entry.type !== 'Ed25519VerificationKey2020') {
    throw keyError(source, `${where}.type`, 'must be "Ed25519VerificationKey2020"');
  }
  if (controller !== did) throw keyError(source, `${where}.controller`, `must be the file's did (${did})`);
  if (!id!.startsWith(`${did}#`)) throw keyError(source, `${where}.id`, `must start with "${did}#"`);
  if (status !== 'active' && status !== 'retired') throw keyError(source, `${where}.status`, 'must be active or retired');
  const publicRaw = decodeMultibaseKey(publicKeyMultibase!, ED25519_PUBLIC_PREFIX, 32);
  if (!publicRaw) throw keyError(source, `${where}.publicKeyMultibase`, 'is not a multibase Ed25519 public key (z6Mk...)');
  const key: IssuerKey = { id: id!, controller: controller!, publicKeyMultibase: publicKeyMultibase!, created: created!, status };
  if (privateKeyMultibase !== undefined) {
    const secret = typeof privateKeyMultibase === 'string'
      ? decodeMultibaseKey(privateKeyMultibase, ED25519_PRIVATE_PREFIX, 64) : undefined;
    // The value is never echoed: it is a secret.
    if (!secret) throw keyError(source, `${where}.privateKeyMultibase`, 'is not a multibase Ed25519 private key');
    const privateKey = createPrivateKey({
      key: Buffer.concat([PKCS8_ED25519_PREFIX, secret.subarray(0, 32)]), format: 'der', type: 'pkcs8',
    });
    const derived = Buffer.from(createPublicKey(privateKey).export({ format: 'jwk' }).x!, 'base64url');
    if (!derived.equals(publicRaw)) {
      throw keyError(source, `${where}.privateKeyMultibase`, 'does not belong to its publicKeyMultibase');
    }
    key.privateKey = privateKey;
  }
  return key;
}

/**
 * Parses and checks the JSON of an issuer key file. Error messages name the field and never contain key material.
 *
 * @param source - Where the JSON came from, for error messages (a path, or an environment variable's name).
 * @throws HealthcredError `key_error` when the JSON is malformed, a key does not decode, a private key does not
 *   match its public key, or the set does not have exactly one active key with its private key.
 */
export function parseIssuerKeyFile(json: unknown, source: string): IssuerKeySet {
  if (typeof json !== 'object' || json === null) throw keyError(source, 'the file', 'must be a JSON object');
  const file = json as Record<string, unknown>;
  if (typeof file.did !== 'string' || !file.did.startsWith('did:')) throw keyError(source, 'did', 'must be a DID');
  if (!Array.isArray(file.keys) || file.keys.length === 0) throw keyError(source, 'keys', 'must be a non-empty array');
  const did = file.did;
  const keys = file.keys.map((entry, i) => parseEntry(entry, did, `keys[${i}]`, source));
  const active = keys.filter((key) => key.status === 'active');
  if (active.length !== 1) throw keyError(source, 'keys', `must have exactly one active key, found ${active.length}`);
  if (!active[0]!.privateKey) throw keyError(source, 'keys', 'active key has no privateKeyMultibase');
  return { did, keys };
}
