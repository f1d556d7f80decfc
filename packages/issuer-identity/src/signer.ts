import { sign } from 'node:crypto';
import type { IssuerKey } from './issuer-keys.js';
import type { KeyObject } from 'node:crypto';

/** A signer as linked-data proof suites expect it. */
export interface Ed25519Signer {
  /** The verification method id the proof will name. */
  id: string;
  algorithm: 'Ed25519';
  sign(options: { data: Uint8Array }): Promise<Uint8Array>;
}

/**
 * A signer over an issuer key's Node `KeyObject`, imported once when the key was loaded rather than per signature
 * (the stock signer re-imports the key on every call).
 */
export function createEd25519Signer(key: IssuerKey & { privateKey: KeyObject }): Ed25519Signer {
  const { id, privateKey } = key;
  return {
    id,
    algorithm: 'Ed25519',
    sign: async ({ data }) => sign(null, data, privateKey),
  };
}
