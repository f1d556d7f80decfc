import { fastSigned, proofDate } from './fast-issue.js';
import type { Issuer } from './issue-credential.js';
import type { Vc2HealthCredential, Vc2Signed, Vc2StatusListCredential } from './vc2-credential.js';

/**
 * Signs like `vc.issue` with `@digitalbazaar/data-integrity`'s `DataIntegrityProof` and the `eddsa-rdfc-2022`
 * cryptosuite, byte for byte the same proof, without JSON-LD expansion. Returns undefined, having signed nothing,
 * when the fast canonicalizer does not cover the credential or vc's own checks would refuse it: the caller then
 * signs through vc, which also reports the error. The signed credential is a shallow copy of `credential`, as
 * `issueFast`'s.
 *
 * @param options.date - The proof's creation time (`created`, to the second, as data-integrity writes it).
 * @throws whatever the signer throws.
 */
export function issueVc2Fast<C extends Vc2HealthCredential | Vc2StatusListCredential>(
  options: { credential: C; issuer: Issuer; date: Date; now?: Date },
): Promise<Vc2Signed<C> | undefined> {
  const { credential, issuer } = options;
  const signer = issuer.multikeySigner;
  return fastSigned({
    credential, issuer, signer, ...(options.now ? { now: options.now } : {}),
    proof: {
      type: 'DataIntegrityProof', created: proofDate(options.date), verificationMethod: signer.id,
      cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod',
    },
  }) as Promise<Vc2Signed<C> | undefined>;
}
