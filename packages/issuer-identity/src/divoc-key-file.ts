import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { encodeBase58 } from '@healthcred/base58';
import { describeStorageFailure, HealthcredError } from '@healthcred/errors';
import { importDivocKey, type DivocKey } from './divoc-key.js';

/** The JSON of a DIVOC key file (`divoc-key.json`). Contains the private key: mode 0600, out of git. */
export type DivocKeyFile =
  | { keyId: string; type: 'RsaVerificationKey2018'; publicKeyPem: string; privateKeyPem: string }
  | { keyId: string; type: 'Ed25519VerificationKey2018'; publicKeyBase58: string; privateKeyBase58: string };

/** The key file JSON of a key: the private part in the form DIVOC keeps it (PKCS#8 PEM; base58 seed + public key). */
export function toDivocKeyFile(key: DivocKey): DivocKeyFile {
  if (key.type === 'RsaVerificationKey2018') {
    const privateKeyPem = key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    return { keyId: key.keyId, type: key.type, publicKeyPem: key.publicKeyPem, privateKeyPem };
  }
  const seed = Buffer.from(key.privateKey.export({ format: 'jwk' }).d!, 'base64url');
  const publicRaw = Buffer.from(key.privateKey.export({ format: 'jwk' }).x!, 'base64url');
  return {
    keyId: key.keyId, type: key.type, publicKeyBase58: key.publicKeyBase58,
    privateKeyBase58: encodeBase58(Buffer.concat([seed, publicRaw])),
  };
}

/**
 * Parses a DIVOC key file's JSON. Messages name the field, never key material.
 *
 * @throws HealthcredError `key_error` when a field is missing or the key does not import (see `importDivocKey`), or
 *   when the public key written in the file is not the private key's.
 */
export function parseDivocKeyFile(json: unknown, source: string): DivocKey {
  const file = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  const string = (field: string) => {
    const value = file[field];
    if (typeof value !== 'string') throw new HealthcredError('key_error', `DIVOC key ${source}: ${field} must be a string.`, { field });
    return value;
  };
  if (file.type === 'RsaVerificationKey2018') {
    const key = importDivocKey({ keyId: string('keyId'), privateKeyPem: string('privateKeyPem') }, source);
    if (key.type === 'RsaVerificationKey2018' && key.publicKeyPem.trim() !== string('publicKeyPem').trim()) {
      throw new HealthcredError('key_error', `DIVOC key ${source}: publicKeyPem does not belong to privateKeyPem.`, { field: 'publicKeyPem' });
    }
    return key;
  }
  if (file.type === 'Ed25519VerificationKey2018') {
    return importDivocKey({
      keyId: string('keyId'), privateKeyBase58: string('privateKeyBase58'), publicKeyBase58: string('publicKeyBase58'),
    }, source);
  }
  throw new HealthcredError('key_error', `DIVOC key ${source}: type must be "RsaVerificationKey2018" or "Ed25519VerificationKey2018".`, { field: 'type' });
}

/**
 * Reads a DIVOC key file.
 * @throws HealthcredError `key_error` when it cannot be read or is not a valid DIVOC key file.
 */
export function readDivocKeyFile(path: string): DivocKey {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new HealthcredError('key_error', `Cannot read DIVOC key file ${path}: ${(cause as Error).message}`, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The parser's message can quote the file's text, which holds the private key.
    throw new HealthcredError('key_error', `DIVOC key file ${path} is not valid JSON.`);
  }
  return parseDivocKeyFile(json, path);
}

/**
 * Writes a DIVOC key file readable by its owner only (mode 0600). An existing file is never replaced.
 *
 * @throws HealthcredError `conflict` when the file exists; `key_error` on a write failure.
 */
export function writeDivocKeyFile(path: string, key: DivocKey): void {
  try {
    writeFileSync(path, `${JSON.stringify(toDivocKeyFile(key), null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new HealthcredError('conflict', `DIVOC key file ${path} already exists; refusing to overwrite a key.`);
    }
    throw new HealthcredError('key_error', `Cannot write DIVOC key file ${path}: ${describeStorageFailure(cause)?.problem ?? (cause as Error).message}.`, { cause });
  }
}
