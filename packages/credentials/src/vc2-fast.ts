import * as vc from '@digitalbazaar/vc';
import { encodeBase58 } from '@healthcred/base58';
import { fastVerifyData, type ProofOptions } from './fast-proof.js';
import type { Issuer } from './issue-credential.js';
import type { Vc2HealthCredential, Vc2Signed, Vc2StatusListCredential } from './vc2-credential.js';

/**
 * Signs like `vc.issue` with `@digitalbazaar/data-integrity`'s `DataIntegrityProof` and the `eddsa-rdfc-2022`
 * cryptosuite, byte for byte the same proof, without JSON-LD expansion. Returns undefined, having signed nothing,
 * when the fast canonicalizer does not cover the credential or vc's own checks would refuse it: the caller then
 * signs through vc, which also reports the error.
 *
 * @param options.date - The proof's creation time (`created`, to the second, as data-integrity writes it).
 * @throws whatever the signer throws.
 */
export async function issueVc2Fast<C extends Vc2HealthCredential | Vc2StatusListCredential>(
  options: { credential: C; issuer: Issuer; date: Date; now?: Date },
): Promise<Vc2Signed<C> | undefined> {
  const { credential, issuer } = options;
  const signer = issuer.multikeySigner;
  const proof: ProofOptions = {
    type: 'DataIntegrityProof', created: `${options.date.toISOString().slice(0, -5)}Z`, verificationMethod: signer.id,
    cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod',
  };
  const data = await fastVerifyData(credential as unknown as Record<string, unknown>, proof, issuer.documentLoader);
  if (data === undefined) return undefined;
  try {
    vc._checkCredential({ credential, now: options.now, mode: 'issue' });
  } catch {
    return undefined;
  }
  const signature = await signer.sign({ data });
  return { ...structuredClone(credential), proof: { ...proof, proofValue: `z${encodeBase58(signature)}` } };
}
