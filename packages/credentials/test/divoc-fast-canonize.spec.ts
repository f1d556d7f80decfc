// The canonicalization DIVOC verification uses (`canonizeDivocFast`) against jsonld on what DIVOC's own library signs
// and on DIVOC's published certificates: the same bytes, or no answer (and jsonld decides).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import jsonld from 'jsonld';
import { verifyCredential } from '@healthcred/credentials';
import { createDocumentLoader, readDivocContexts, SECURITY_V2_CONTEXT, type DocumentLoader } from '@healthcred/document-loader';
import {
  CONFORMANCE_CERTIFICATES, CONFORMANCE_NAMESPACES, DIVOC_NAMESPACE, DIVOC_TEST_NAMESPACE, divocCertificate, divocConformanceDir,
  divocIssuer, divocTestCertificate, divocTestKey, signWithDivoc,
} from '@healthcred/testing';
import { parseStrictJson } from '@healthcred/validation';
import { canonizeDivocFast } from '../src/divoc-fast-canonize.js';

type Json = Record<string, unknown>;
const VC = 'https://www.w3.org/2018/credentials/v1';
const V2_NAMESPACE = 'https://divoc.example.lk/credentials/vaccination/v2';
const documentLoader = createDocumentLoader({
  divocNamespaces: {
    ...CONFORMANCE_NAMESPACES, [DIVOC_NAMESPACE]: 'vaccination/v1', [V2_NAMESPACE]: 'vaccination/v2', [DIVOC_TEST_NAMESPACE]: 'test-certificate/v1',
  },
});

function parts(certificate: Json): { document: Json; proofOptions: Json } {
  const { proof, ...document } = certificate as Json & { proof: Json };
  const { jws: _jws, ...options } = proof;
  return { document, proofOptions: { '@context': SECURITY_V2_CONTEXT, ...options } };
}

function reference(document: Json, loader: DocumentLoader = documentLoader): Promise<string> {
  return jsonld.canonize(structuredClone(document), { algorithm: 'URDNA2015', format: 'application/n-quads', safe: true, documentLoader: loader });
}

/** Certificates DIVOC's certificate-signer-library signs: RSA and Ed25519, vaccination v1 and v2, a test certificate. */
async function librarySigned(): Promise<[string, Json][]> {
  const contexts = readDivocContexts();
  const v2 = divocCertificate() as Record<string, any>;
  v2['@context'] = [VC, V2_NAMESPACE];
  v2.credentialSubject.dob = '1985-02-11';
  Object.assign(v2.evidence[0], { icd11Code: 'XM9QW8', prophylaxis: 'COVID-19 vaccine, non-replicating viral vector' });
  const signed: [string, Json][] = [];
  for (const type of ['RSA', 'ED25519'] as const) {
    const key = divocTestKey(type);
    signed.push([`${type} v1`, await signWithDivoc(divocCertificate(), key)]);
    signed.push([`${type} v2`, await signWithDivoc(v2, key, { url: V2_NAMESPACE, context: contexts.get('vaccination/v2')! })]);
    signed.push([`${type} test certificate`, await signWithDivoc(divocTestCertificate(), key,
      { url: DIVOC_TEST_NAMESPACE, context: contexts.get('test-certificate/v1')! })]);
  }
  return signed;
}

function conformanceCertificates(): [string, Json][] {
  const dir = divocConformanceDir();
  if (dir === undefined) return [];
  return CONFORMANCE_CERTIFICATES.map(({ file }) => [file, parseStrictJson(readFileSync(join(dir, `${file}.json`), 'utf8'), file) as Json]);
}

describe('canonizeDivocFast() against jsonld.canonize()', () => {
  let certificates: [string, Json][];

  before(async function () {
    this.timeout(20_000);
    certificates = [...await librarySigned(), ...conformanceCertificates()];
  });

  it('should give jsonld\'s bytes for every certificate DIVOC\'s library signs and every DIVOC certificate of the data', async () => {
    expect(certificates.length).to.be.at.least(6);
    for (const [name, certificate] of certificates) {
      const { document, proofOptions } = parts(certificate);
      const fast = await canonizeDivocFast(document, proofOptions, documentLoader);
      expect(fast, `${name}: not covered`).to.not.equal(undefined);
      expect(fast!.document, name).to.equal(await reference(document));
      expect(fast!.proofOptions, name).to.equal(await reference(proofOptions));
    }
  });

  describe('negative', () => {
    it('steps aside when the loader serves another document at the namespace, VC v1 or security v2, or none', async () => {
      const { document, proofOptions } = parts(certificates[0]![1]);
      const served = (url: string, replacement: object | undefined): DocumentLoader => async (asked) => {
        if (asked !== url) return documentLoader(asked);
        if (replacement === undefined) throw new Error(`no ${asked}`);
        return { contextUrl: null, documentUrl: asked, document: replacement };
      };
      const { document: vcV1 } = await documentLoader(VC);
      const altered = { '@context': { ...(vcV1 as { '@context': object })['@context'], name: 'https://example.org/name' } };
      for (const loader of [
        served(DIVOC_NAMESPACE, undefined), served(DIVOC_NAMESPACE, altered),
        served(VC, altered), served(SECURITY_V2_CONTEXT, altered),
      ]) {
        expect(await canonizeDivocFast(document, proofOptions, loader)).to.equal(undefined);
      }
    });

    it('steps aside for a field the shapes do not know, which jsonld then refuses as an undefined term', async () => {
      const [, certificate] = certificates[0]!;
      const { document, proofOptions } = parts(certificate);
      const extra = { ...document, credentialSubject: { ...(document.credentialSubject as Json), nickname: 'Nimal' } };
      expect(await canonizeDivocFast(extra, proofOptions, documentLoader)).to.equal(undefined);
      expect(await canonizeDivocFast(document, { ...proofOptions, nonce: '1' }, documentLoader)).to.equal(undefined);
      const result = await verifyCredential({
        credential: { ...extra, proof: certificate.proof }, trustedIssuers: [divocIssuer([divocTestKey('RSA').trusted])], documentLoader,
        now: new Date('2022-01-01T00:00:00Z'),
      });
      expect(result.errors[0]).to.include({ check: 'contexts', code: 'unknown_term' });
    });
  });
});
