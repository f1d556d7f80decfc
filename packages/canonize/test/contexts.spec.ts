import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import {
  contextDocumentDigest, credentialKindOfContext, expectedContextDigest,
} from '@healthcred/canonize';
import { ED25519_2020_CONTEXT, VC_V1_CONTEXT } from '@healthcred/document-loader';
import { createDocumentLoader, DEFAULT_CONTEXTS_DIR } from '@healthcred/document-loader';

const BASE = 'https://certificates.health.example.gov.lk';

function contextsFor(kind: string, base = BASE, version = 'v1'): string[] {
  return [VC_V1_CONTEXT, `${base}/credentials/${kind}/${version}`, ED25519_2020_CONTEXT];
}

describe('expectedContextDigest()', () => {
  it('should pin exactly the documents the offline document loader serves', async () => {
    const loader = createDocumentLoader({ contextBaseUrls: [BASE] });
    const lists = ['vaccination', 'test-result'].flatMap((kind) => ['v1', 'v2'].map((v) => contextsFor(kind, BASE, v)));
    for (const url of new Set(lists.flat())) {
      const { document } = await loader(url);
      expect(contextDocumentDigest(document), url).to.equal(expectedContextDigest(url));
    }
  });

  it('should pin the published context files', () => {
    for (const kind of ['vaccination', 'test-result']) {
      for (const version of ['v1', 'v2']) {
        const file = JSON.parse(readFileSync(`${DEFAULT_CONTEXTS_DIR}credentials/${kind}/${version}.json`, 'utf8'));
        expect(contextDocumentDigest(file)).to.equal(expectedContextDigest(contextsFor(kind, BASE, version)[1]!));
      }
    }
  });

  describe('negative', () => {
    it('rejects (returns undefined) URLs of contexts the fast path does not know', () => {
      for (const url of ['https://www.w3.org/ns/credentials/v3', `${BASE}/credentials/vaccination/v4`,
        'https://w3id.org/security/v2', `${BASE}/credentials/vaccination/v1/`]) {
        expect(expectedContextDigest(url), url).to.equal(undefined);
      }
      expect(expectedContextDigest(`${BASE}/credentials/vaccination/v1`, { contextBaseUrls: ['https://a.example'] }))
        .to.equal(undefined);
    });

    it('should know the VC 2.0 context and the v3 contexts of the vc2 profile', () => {
      for (const url of ['https://www.w3.org/ns/credentials/v2', `${BASE}/credentials/vaccination/v3`, `${BASE}/credentials/test-result/v3`]) {
        expect(expectedContextDigest(url), url).to.be.a('string');
      }
    });

    it('rejects a changed document', () => {
      const file = JSON.parse(readFileSync(`${DEFAULT_CONTEXTS_DIR}credentials/vaccination/v1.json`, 'utf8'));
      file['@context'].Vaccination['@context'].dose['@type'] = 'xsd:string';
      expect(contextDocumentDigest(file)).to.not.equal(expectedContextDigest(contextsFor('vaccination')[1]!));
    });
  });
});

describe('credentialKindOfContext()', () => {
  it('should name the kind of the three contexts the builders write, under any base or the given ones', () => {
    expect(credentialKindOfContext(contextsFor('vaccination'))).to.equal('vaccination');
    expect(credentialKindOfContext(contextsFor('test-result', 'http://localhost:8080'))).to.equal('test-result');
    expect(credentialKindOfContext(contextsFor('vaccination'), { contextBaseUrls: [`${BASE}/`] })).to.equal('vaccination');
    expect(credentialKindOfContext(contextsFor('vaccination', BASE, 'v2'))).to.equal('vaccination');
    expect(credentialKindOfContext(contextsFor('test-result', BASE, 'v2'))).to.equal('test-result');
  });

  describe('negative', () => {
    it('rejects (returns undefined) other context lists', () => {
      const [vc, healthcred, ed25519] = contextsFor('vaccination');
      for (const context of [[vc, healthcred], [healthcred, vc, ed25519], [vc, healthcred, ed25519, ed25519],
        [vc, 'urn:x/credentials/vaccination/v1', ed25519], [vc, '/credentials/vaccination/v1', ed25519], vc, null]) {
        expect(credentialKindOfContext(context), JSON.stringify(context)).to.equal(undefined);
      }
      expect(credentialKindOfContext(contextsFor('vaccination'), { contextBaseUrls: ['https://a.example'] }))
        .to.equal(undefined);
    });
  });
});
