import { verifyCredential } from '@healthcred/credentials';
import { createDocumentLoader } from '@healthcred/document-loader';
import {
  DIVOC_NAMESPACE, divocCertificate, divocIssuer, divocTestKey, signWithDivoc, verifyWithDivoc, type DivocTestKey,
} from '@healthcred/testing';
import { opsPerSecond, type BenchmarkModule, type Measurement } from '../measure.js';

/**
 * Verifying one DIVOC certificate on one core, signed by DIVOC's own `certificate-signer-library` with RSA
 * (RsaSignature2018) and Ed25519 (Ed25519Signature2018): DIVOC's verifier code (`verifyJSON`, as its apps run it)
 * against healthcred's `verifyCredential` (jsonld canonize, WebCrypto), which also checks trust, contexts and dates.
 */
export const divocVerifyBenchmarks: BenchmarkModule = {
  name: 'divoc-verify',
  async setup() {
    const documentLoader = createDocumentLoader({ divocNamespaces: { [DIVOC_NAMESPACE]: 'vaccination/v1' } });
    const measurements: Measurement[] = [];
    for (const type of ['RSA', 'ED25519'] as const) {
      const key: DivocTestKey = divocTestKey(type);
      const signed = await signWithDivoc(divocCertificate(), key);
      const trustedIssuers = [divocIssuer([key.trusted])];
      const ours = () => verifyCredential({ credential: signed, trustedIssuers, documentLoader });
      if (!(await ours()).verified || !(await verifyWithDivoc(signed, key))) throw new Error(`The DIVOC ${type} benchmark certificate does not verify.`);
      const suffix = type === 'RSA' ? 'rsa' : 'ed25519';
      measurements.push(
        { name: `divoc_stock_verify_${suffix}_per_s`, label: `DIVOC verifyJSON, ${type}`, run: (options) => opsPerSecond(() => verifyWithDivoc(signed, key), options) },
        { name: `divoc_verify_${suffix}_per_s`, label: `verifyCredential, DIVOC ${type}`, run: (options) => opsPerSecond(ours, options) },
      );
    }
    return measurements;
  },
};
