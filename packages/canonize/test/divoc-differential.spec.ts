// The DIVOC fast path against the reference: jsonld's expansion + toRDF + RDFC-1.0 with DIVOC's own npm contexts
// (vaccination-context, security-context, and the VC v1 context certificate-signer-library bundles).
import { createRequire } from 'node:module';
import { expect } from 'chai';
import jsonld from 'jsonld';
import { canonizeDivocCredential, canonizeDivocProofOptions, contextDocumentDigest, DIVOC_CONTEXT_DIGESTS } from '@healthcred/canonize';
import { readDivocContexts } from '@healthcred/document-loader';
import { randomDivocCredential, randomDivocProofOptions } from './fixtures/random-divoc.js';

const require = createRequire(import.meta.url);
const { vaccinationContext, vaccinationContextV2 } = require('vaccination-context');
const { contexts } = require('security-context');
const credentialsV1 = require('certificate-signer-library/credentials.json');
const CASES = Number(process.env.CANONIZE_CASES ?? 2000);
// DIVOC's test-certificate context is in no npm package: the copy in contexts/divoc, taken from DIVOC's repository.
const testCertificateContext = readDivocContexts().get('test-certificate/v1');

function reference(document: any): Promise<string> {
  const namespace = Array.isArray(document['@context']) ? document['@context'][1] : undefined;
  const documentLoader = async (url: string) => {
    const document = url === 'https://www.w3.org/2018/credentials/v1' ? credentialsV1
      : contexts.has(url) ? contexts.get(url)
        : url === namespace ? (url.includes('/testCertificate/') ? testCertificateContext
          : url.endsWith('/v2') ? vaccinationContextV2 : vaccinationContext) : undefined;
    if (document === undefined) throw new Error(`no ${url}`);
    return { contextUrl: null, documentUrl: url, document };
  };
  return jsonld.canonize(document, { algorithm: 'URDNA2015', format: 'application/n-quads', documentLoader } as any);
}

describe('canonizeDivocCredential() and canonizeDivocProofOptions() against jsonld.canonize()', () => {
  it('should be pinned to the npm vaccination-context documents', () => {
    expect(contextDocumentDigest(vaccinationContext)).to.equal(DIVOC_CONTEXT_DIGESTS['vaccination/v1']);
    expect(contextDocumentDigest(vaccinationContextV2)).to.equal(DIVOC_CONTEXT_DIGESTS['vaccination/v2']);
    expect(contextDocumentDigest(testCertificateContext)).to.equal(DIVOC_CONTEXT_DIGESTS['test-certificate/v1']);
  });

  it(`should give jsonld's exact output for ${CASES} generated DIVOC credentials and proof options`, async function () {
    this.timeout(180_000);
    const contextsSeen = { 'vaccination/v1': 0, 'vaccination/v2': 0, 'test-certificate/v1': 0 };
    let repeatedDose = 0;
    for (let seed = 1; seed <= CASES; seed++) {
      const { credential, context } = randomDivocCredential(seed);
      contextsSeen[context]++;
      if (credential.evidence[0].dose !== undefined && credential.evidence[0].dose === credential.evidence[0].totalDoses) repeatedDose++;
      const fast = canonizeDivocCredential(credential, { context });
      expect(fast, `seed ${seed}: not covered`).to.be.a('string');
      expect(fast, `seed ${seed}`).to.equal(await reference(credential));
      const proofOptions = randomDivocProofOptions(seed);
      expect(canonizeDivocProofOptions(proofOptions), `seed ${seed}: proof options`).to.equal(await reference(proofOptions));
    }
    for (const count of Object.values(contextsSeen)) expect(count).to.be.within(CASES * 0.15, CASES * 0.5);
    expect(repeatedDose).to.be.above(CASES * 0.15);
  });

  it('should give jsonld\'s output for DIVOC\'s own forms: a field left out, a number or "" where a string was', async () => {
    const forms: ((c: any) => void)[] = [
      (c) => { delete c.evidence[0].certificateId; },
      (c) => { delete c.credentialSubject.address.postalCode; c.evidence[0].batch = ''; },
      (c) => { c.credentialSubject.address.postalCode = 176207; c.evidence[0].facility.address.postalCode = 0; },
      (c) => { c.credentialSubject.refId = 36; c.evidence[0].manufacturer = 2; },
      (c) => { delete c.nonTransferable; delete c.evidence[0].infoUrl; delete c.credentialSubject.gender; },
      (c) => { if ('dose' in c.evidence[0]) Object.assign(c.evidence[0], { dose: '', totalDoses: 2 }); },
      (c) => { if ('age' in c.credentialSubject) Object.assign(c.credentialSubject, { age: 36 }); c.evidence[0].certificateId = 1; },
    ];
    for (let seed = 1; seed <= 60; seed++) {
      const { credential, context } = randomDivocCredential(seed);
      const copy = structuredClone(credential);
      forms[seed % forms.length]!(copy);
      const fast = canonizeDivocCredential(copy, { context });
      expect(fast, `seed ${seed}: not covered`).to.be.a('string');
      expect(fast, `seed ${seed}`).to.equal(await reference(copy));
    }
  });

  describe('negative', () => {
    it('steps aside for another context, a missing or extra field, another JSON type or a healthcred boolean', () => {
      const { credential } = randomDivocCredential(3);
      const options = { context: 'vaccination/v1' as const };
      const variants: ((c: any) => void)[] = [
        (c) => { c['@context'].push('https://w3id.org/security/suites/ed25519-2020/v1'); },
        (c) => { c.credentialStatus = { id: 'https://x.example/s#1', type: 'BitstringStatusListEntry' }; },
        (c) => { delete c.credentialSubject.name; },
        (c) => { delete c.credentialSubject.address.addressCountry; },
        (c) => { c.nonTransferable = true; },
        (c) => { c.credentialSubject.age = 36.5; },
        (c) => { c.evidence[0].dose = null; },
        (c) => { c.evidence[0].dose = [1]; },
        (c) => { c.evidence[0].id = c.credentialSubject.id; },
        (c) => { c.id = 'urn:uuid:00000000-0000-8000-8000-000000000000'; },
        (c) => { c.proof = {}; },
      ];
      const base = structuredClone(credential);
      base['@context'][1] = 'https://cowin.gov.in/credentials/vaccination/v1';
      if ('dob' in base.credentialSubject) {
        delete base.credentialSubject.dob; delete base.evidence[0].icd11Code; delete base.evidence[0].prophylaxis;
      }
      expect(canonizeDivocCredential(base, options)).to.be.a('string');
      expect(canonizeDivocCredential(base, { ...options, namespaceUrl: 'https://other.example/v1' })).to.equal(undefined);
      for (const [i, change] of variants.entries()) {
        const copy = structuredClone(base);
        change(copy);
        expect(canonizeDivocCredential(copy, options), `variant ${i}`).to.equal(undefined);
      }
      const test = Array.from({ length: 40 }, (_, i) => randomDivocCredential(i + 1)).find((c) => c.context === 'test-certificate/v1')!;
      expect(canonizeDivocCredential(test.credential, { context: 'test-certificate/v1' })).to.be.a('string');
      expect(canonizeDivocCredential(test.credential, { context: 'vaccination/v1' })).to.equal(undefined);
      expect(canonizeDivocCredential(base, { context: 'test-certificate/v1' })).to.equal(undefined);
      expect(canonizeDivocProofOptions({ ...randomDivocProofOptions(1), '@context': 'https://w3id.org/security/v1' })).to.equal(undefined);
      expect(canonizeDivocProofOptions({ ...randomDivocProofOptions(1), type: 'Ed25519Signature2020' })).to.equal(undefined);
      expect(canonizeDivocProofOptions({ ...randomDivocProofOptions(1), verificationMethod: 'key-1' })).to.equal(undefined);
    });
  });
});
