import * as vc from '@digitalbazaar/vc';
import type { Issuer } from './issue-credential.js';
import { issueVc2Fast } from './vc2-fast.js';
import { eddsaRdfc2022Suite } from './vc2-suite.js';
import type { Vc2HealthCredential, Vc2Signed, Vc2StatusListCredential } from './vc2-credential.js';

/**
 * Signs a VC 2.0 credential with a `DataIntegrityProof` (`eddsa-rdfc-2022`) for `assertionMethod`, named by the
 * issuer's `Multikey` method: through the fast canonicalizer when it covers the credential, else through
 * `@digitalbazaar/vc` with `@digitalbazaar/data-integrity`. Both give the same proof, byte for byte. Errors are the
 * caller's to classify (see `issueCredential`).
 */
export async function issueVc2<C extends Vc2HealthCredential | Vc2StatusListCredential>(
  options: { credential: C; issuer: Issuer; date: Date; now?: Date },
): Promise<Vc2Signed<C>> {
  const fast = await issueVc2Fast(options);
  if (fast) return fast;
  const suite = eddsaRdfc2022Suite({ signer: options.issuer.multikeySigner, date: options.date });
  const signed = await vc.issue({
    credential: structuredClone(options.credential), suite, documentLoader: options.issuer.documentLoader, now: options.now,
  });
  return signed as unknown as Vc2Signed<C>;
}
