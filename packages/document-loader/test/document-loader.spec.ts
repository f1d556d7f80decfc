import { expect } from 'chai';
import { createDocumentLoader, readHealthcredContexts } from '@healthcred/document-loader';
import { HealthcredError } from '@healthcred/errors';
import type { DidDocument } from '@healthcred/types';

const did = 'did:web:example.org';
const method = {
  id: `${did}#z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH`, type: 'Ed25519VerificationKey2020' as const,
  controller: did, publicKeyMultibase: 'z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH',
};
const didDocument: DidDocument = {
  '@context': ['https://www.w3.org/ns/did/v1'], id: did, verificationMethod: [method], assertionMethod: [method.id],
};

describe('readHealthcredContexts()', () => {
  it('should read every context of contexts/ keyed by the path it is served at', () => {
    const contexts = readHealthcredContexts();
    expect([...contexts.keys()]).to.include.members(['credentials/vaccination/v1', 'credentials/test-result/v1']);
  });
});

describe('createDocumentLoader()', () => {
  const load = createDocumentLoader({ contextBaseUrls: ['https://example.org/'], didDocuments: [didDocument] });

  it('should serve the W3C and Ed25519-2020 contexts offline', async () => {
    for (const url of ['https://www.w3.org/2018/credentials/v1', 'https://www.w3.org/ns/credentials/v2',
      'https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/ed25519-2020/v1']) {
      expect((await load(url)).document).to.have.property('@context');
    }
  });

  it('should serve the healthcred contexts under each trusted base URL', async () => {
    const { document, documentUrl } = await load('https://example.org/credentials/vaccination/v1');
    expect(documentUrl).to.equal('https://example.org/credentials/vaccination/v1');
    expect(JSON.stringify(document)).to.contain('ProofOfVaccinationCredential');
  });

  it('should return the DID document for the DID and the verification method itself for a key id', async () => {
    expect((await load(did)).document).to.deep.equal(didDocument);
    expect((await load(method.id)).document).to.deep.equal({
      '@context': 'https://w3id.org/security/suites/ed25519-2020/v1', ...method,
    });
  });

  it('should resolve did:key offline', async () => {
    const didKey = 'did:key:z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH';
    const { document } = await load(didKey);
    expect(document).to.have.property('id', didKey);
  });

  describe('negative', () => {
    for (const url of [
      'https://evil.example/credentials/vaccination/v1', 'https://example.org/credentials/unknown/v1',
      'did:web:other.example', 'https://schema.org/',
    ]) {
      it(`throws unknown_document naming ${url}, without going to the network`, async () => {
        const started = Date.now();
        try {
          await load(url);
          expect.fail('loaded an unknown URL');
        } catch (error) {
          expect(error).to.be.instanceOf(HealthcredError);
          expect(error).to.include({ code: 'unknown_document' });
          expect((error as Error).message).to.contain(`"${url}"`);
        }
        expect(Date.now() - started).to.be.lessThan(200);
      });
    }
  });
});
