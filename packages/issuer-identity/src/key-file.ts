import { createPrivateKey, createPublicKey } from 'node:crypto';
import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { describeStorageFailure, HealthcredError } from '@healthcred/errors';
import { isIsoDateTime } from '@healthcred/validation';
import type { IssuerKey, IssuerKeySet, IssuerKeyStatus } from './issuer-keys.js';
import {
  decodeMultibaseKey, ED25519_PRIVATE_PREFIX, ED25519_PUBLIC_PREFIX, encodeMultibaseKey,
} from './multibase.js';

/** One key as written in an issuer key file. */
export interface IssuerKeyFileEntry {
  id: string;
  type: 'Ed25519VerificationKey2020';
  controller: string;
  publicKeyMultibase: string;
  /** The private part: written for the active key only. */
  privateKeyMultibase?: string;
  created: string;
  status: IssuerKeyStatus;
  /** Revocation time (ISO 8601 date-time): present exactly for a revoked key. */
  revoked?: string;
  /** Why the key was revoked: present exactly for a revoked key. */
  revocationReason?: string;
}

/** The JSON of an issuer key file (`issuer-key.json`). Contains a secret: keep it mode 0600, out of git. */
export interface IssuerKeyFile {
  did: string;
  keys: IssuerKeyFileEntry[];
}

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const STATUSES: readonly IssuerKeyStatus[] = ['active', 'retired', 'revoked'];

/**
 * The key file JSON of a set. Only the active key's private part is written: a retired or revoked key that still
 * holds one in memory (read from an older file) loses it here.
 */
export function toIssuerKeyFile(set: IssuerKeySet): IssuerKeyFile {
  return {
    did: set.did,
    keys: set.keys.map((key) => {
      const entry: IssuerKeyFileEntry = {
        id: key.id, type: 'Ed25519VerificationKey2020', controller: key.controller,
        publicKeyMultibase: key.publicKeyMultibase, created: key.created, status: key.status,
      };
      if (key.status === 'active' && key.privateKey) {
        const jwk = key.privateKey.export({ format: 'jwk' });
        const secret = Buffer.concat([Buffer.from(jwk.d!, 'base64url'), Buffer.from(jwk.x!, 'base64url')]);
        entry.privateKeyMultibase = encodeMultibaseKey(ED25519_PRIVATE_PREFIX, secret);
      }
      if (key.revoked !== undefined) entry.revoked = key.revoked;
      if (key.revocationReason !== undefined) entry.revocationReason = key.revocationReason;
      return entry;
    }),
  };
}

function keyError(source: string, where: string, problem: string): HealthcredError {
  return new HealthcredError('key_error', `Issuer key ${source}: ${where} ${problem}.`, { field: where });
}

function parseRevocation(entry: Record<string, unknown>, key: IssuerKey, where: string, source: string): void {
  if (key.status !== 'revoked') {
    if (entry.revoked !== undefined || entry.revocationReason !== undefined) {
      throw keyError(source, `${where}.revoked`, 'is only allowed on a revoked key');
    }
    return;
  }
  if (typeof entry.revoked !== 'string' || !isIsoDateTime(entry.revoked)) {
    throw keyError(source, `${where}.revoked`, 'must be the ISO 8601 date-time of the revocation');
  }
  if (typeof entry.revocationReason !== 'string' || entry.revocationReason.trim() === '') {
    throw keyError(source, `${where}.revocationReason`, 'must say why the key was revoked');
  }
  key.revoked = entry.revoked;
  key.revocationReason = entry.revocationReason;
}

function parseEntry(value: unknown, did: string, where: string, source: string): IssuerKey {
  if (typeof value !== 'object' || value === null) throw keyError(source, where, 'must be an object');
  const entry = value as Record<string, unknown>;
  for (const field of ['id', 'controller', 'publicKeyMultibase', 'created']) {
    if (typeof entry[field] !== 'string') throw keyError(source, `${where}.${field}`, 'must be a string');
  }
  const { id, controller, publicKeyMultibase, created, privateKeyMultibase } = entry as Record<string, string>;
  if (entry.type !== 'Ed25519VerificationKey2020') {
    throw keyError(source, `${where}.type`, 'must be "Ed25519VerificationKey2020"');
  }
  if (controller !== did) throw keyError(source, `${where}.controller`, `must be the file's did (${did})`);
  if (!id!.startsWith(`${did}#`)) throw keyError(source, `${where}.id`, `must start with "${did}#"`);
  const status = entry.status as IssuerKeyStatus;
  if (!STATUSES.includes(status)) throw keyError(source, `${where}.status`, 'must be active, retired or revoked');
  const publicRaw = decodeMultibaseKey(publicKeyMultibase!, ED25519_PUBLIC_PREFIX, 32);
  if (!publicRaw) throw keyError(source, `${where}.publicKeyMultibase`, 'is not a multibase Ed25519 public key (z6Mk...)');
  const key: IssuerKey = { id: id!, controller: controller!, publicKeyMultibase: publicKeyMultibase!, created: created!, status };
  parseRevocation(entry, key, where, source);
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
 * A retired or revoked key may still hold its private part (files written by earlier versions): it is read, and
 * deleted the next time the file is written.
 *
 * @param source - Where the JSON came from, for error messages (a path, or an environment variable's name).
 * @throws HealthcredError `key_error` when the JSON is malformed, a key does not decode, a private key does not
 *   match its public key, a revoked key lacks its revocation time or reason, or the set does not have exactly one
 *   active key with its private key.
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

/**
 * Reads an issuer key file.
 * @throws HealthcredError `key_error` when the file cannot be read or is not a valid key file.
 */
export function readIssuerKeyFile(path: string): IssuerKeySet {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new HealthcredError('key_error', `Cannot read issuer key file ${path}: ${(cause as Error).message}`, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The parser's message can quote the file's text, which holds secrets.
    throw new HealthcredError('key_error', `Issuer key file ${path} is not valid JSON.`);
  }
  return parseIssuerKeyFile(json, path);
}

/**
 * Writes an issuer key file readable by its owner only (mode 0600), atomically, with the active key's private part
 * only ({@link toIssuerKeyFile}).
 *
 * @param options.overwrite - Replace an existing file (atomically). Default false: an existing file is an error, so a
 *   key is never lost by accident.
 * @throws HealthcredError `conflict` when the file exists and `overwrite` is false; `key_error` on a write failure.
 */
export function writeIssuerKeyFile(path: string, set: IssuerKeySet, options: { overwrite?: boolean } = {}): void {
  const text = `${JSON.stringify(toIssuerKeyFile(set), null, 2)}\n`;
  try {
    if (options.overwrite) {
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, text, { mode: 0o600 });
      chmodSync(temporary, 0o600);
      renameSync(temporary, path);
    } else {
      writeFileSync(path, text, { mode: 0o600, flag: 'wx' });
      chmodSync(path, 0o600);
    }
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new HealthcredError('conflict', `Issuer key file ${path} already exists; refusing to overwrite a key.`);
    }
    throw new HealthcredError('key_error', `Cannot write issuer key file ${path}: ${describeStorageFailure(cause)?.problem ?? (cause as Error).message}.`, { cause });
  }
}
