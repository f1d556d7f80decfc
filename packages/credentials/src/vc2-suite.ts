import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';

/**
 * The stock `DataIntegrityProof` suite with the `eddsa-rdfc-2022` cryptosuite: with a signer to issue, without one to
 * verify. Works in Node and in browsers.
 */
export function eddsaRdfc2022Suite(options: { signer?: unknown; date?: Date } = {}): unknown {
  return new DataIntegrityProof({ ...options, cryptosuite });
}
