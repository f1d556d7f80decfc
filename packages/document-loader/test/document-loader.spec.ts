import { expect } from 'chai';
import { createRequire } from 'node:module';
import {
  createDocumentLoader, readDivocContexts, readHealthcredContexts, DIVOC_CONTEXT_NAMES,
} from '@healthcred/document-loader';
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

describe('readDivocContexts()', () => {
  it('should hold exactly the contexts of DIVOC\'s npm package vaccination-context 1.1.0', () => {
    const npm = createRequire(import.meta.url)('vaccination-context') as Record<string, object>;
    const contexts = readDivocContexts();
    expect([...contexts.keys()]).to.deep.equal([...DIVOC_CONTEXT_NAMES]);
    expect(contexts.get('vaccination/v1')).to.deep.equal(npm.vaccinationContext);
    expect(contexts.get('vaccination/v2')).to.deep.equal(npm.vaccinationContextV2);
    expect(JSON.stringify(contexts.get('test-certificate/v1'))).to.contain('ProofOfTestCertificateCredential');
  });

  it('should not be among the healthcred contexts served under an issuer\'s base URL', () => {
    expect([...readHealthcredContexts().keys()].filter((path) => !path.startsWith('credentials/'))).to.deep.equal([]);
  });
});

describe('createDocumentLoader() with DIVOC namespaces', () => {
  const cowin = 'https://cowin.gov.in/credentials/vaccination/v1';
  const load = createDocumentLoader({
    divocNamespaces: { [cowin]: 'vaccination/v1', 'https://moh.example.lk/credentials/vaccination/v2': 'vaccination/v2' },
  });

  it('should serve each configured namespace URL with its DIVOC context, and Security v1 and v2', async () => {
    const contexts = readDivocContexts();
    expect((await load(cowin)).document).to.deep.equal(contexts.get('vaccination/v1'));
    expect((await load('https://moh.example.lk/credentials/vaccination/v2')).document).to.deep.equal(contexts.get('vaccination/v2'));
    for (const url of ['https://w3id.org/security/v1', 'https://w3id.org/security/v2']) {
      expect((await load(url)).document).to.have.property('@context');
    }
  });

  describe('negative', () => {
    it('throws unknown_document for a DIVOC namespace URL that is not configured', async () => {
      for (const url of ['https://divoc.dev/credentials/vaccination/v1', 'https://cowin.gov.in/credentials/vaccination/v2']) {
        const error = await load(url).then(() => undefined, (thrown: unknown) => thrown);
        expect(error).to.be.instanceOf(HealthcredError).and.include({ code: 'unknown_document' });
      }
    });

    it('throws invalid_input when a namespace maps to no DIVOC context', () => {
      expect(() => createDocumentLoader({ divocNamespaces: { [cowin]: 'vaccination/v9' as 'vaccination/v1' } }))
        .to.throw(HealthcredError, /maps to "vaccination\/v9"/);
    });
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

  it('should serve the Status List 2021 context offline, as @digitalbazaar/vc-status-list-context publishes it', async () => {
    const { CONTEXT_V1 } = createRequire(import.meta.url)('@digitalbazaar/vc-status-list-context');
    const { document } = await load('https://w3id.org/vc/status-list/2021/v1');
    expect(document).to.deep.equal(CONTEXT_V1);
    expect(JSON.stringify(document)).to.contain('StatusList2021Entry');
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
