// The fast path on the VC 2.0 form (the vc2 profile) against the reference: jsonld's expansion + toRDF + RDFC-1.0
// under the VC 2.0 context and the v3 contexts, over generated credentials and their DataIntegrityProof proof
// configurations. A failing case prints its seed; re-run it with randomVc2Credential(seed, ...).
import { expect } from 'chai';
import jsonld from 'jsonld';
import { canonizeCredential, canonizeProofOptions } from '@healthcred/canonize';
import { createDocumentLoader } from '@healthcred/document-loader';
import { randomProofOptions, randomVc2Credential } from './fixtures/random-credentials.js';

const ISSUER_URLS = ['http://localhost:8080', 'https://vc2.health.example.gov.lk/', 'https://y.example/a/b'];
const CASES = Number(process.env.CANONIZE_CASES ?? 1000);
const documentLoader = createDocumentLoader({ contextBaseUrls: ISSUER_URLS });

function reference(document: object): Promise<string> {
  return jsonld.canonize(document, { algorithm: 'URDNA2015', format: 'application/n-quads', safe: true, documentLoader } as any);
}

describe('canonizeCredential() and canonizeProofOptions() on VC 2.0 credentials against jsonld.canonize()', () => {
  describe('negative', () => {
    it('leaves a VC 2.0 credential with VC 1.1 members, an Ed25519Signature2020 proof or a v2 context to jsonld', () => {
      const { credential, proof } = randomVc2Credential(3, ISSUER_URLS[0]!);
      expect(canonizeCredential({ ...credential, issuanceDate: '2026-01-15T10:00:00Z' })).to.equal(undefined);
      expect(canonizeCredential({ ...credential, '@context': [credential['@context'][0], `${ISSUER_URLS[0]}/credentials/vaccination/v2`] }))
        .to.equal(undefined);
      expect(canonizeProofOptions({ ...randomProofOptions(3, credential as any), '@context': credential['@context'] })).to.equal(undefined);
      expect(canonizeProofOptions({ ...proof, '@context': ['https://www.w3.org/2018/credentials/v1'] })).to.equal(undefined);
      expect(canonizeProofOptions({ ...proof, proofValue: 'z1' })).to.equal(undefined);
    });
  });

  it(`should give jsonld's exact output for ${CASES} generated VC 2.0 credentials and their proof configurations`, async function () {
    this.timeout(120_000);
    let withValidUntil = 0;
    for (let seed = 1; seed <= CASES; seed++) {
      const { credential, proof } = randomVc2Credential(seed, ISSUER_URLS[seed % ISSUER_URLS.length]!);
      if ('validUntil' in credential) withValidUntil++;
      const fast = canonizeCredential(credential);
      expect(fast, `seed ${seed}: not covered`).to.be.a('string');
      expect(fast, `seed ${seed}`).to.equal(await reference(credential));
      expect(canonizeProofOptions(proof), `seed ${seed}: proof configuration`).to.equal(await reference(proof));
    }
    expect(withValidUntil).to.be.within(CASES * 0.3, CASES * 0.7);
  });
});
