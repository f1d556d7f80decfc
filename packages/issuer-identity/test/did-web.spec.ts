import { expect } from 'chai';
import { HealthcredError } from '@healthcred/errors';
import {
  buildDidDocument, didDocumentUrl, didWebFromUrl, generateIssuerKeySet, parseDidDocument, urlFromDidWeb,
} from '@healthcred/issuer-identity';

describe('didWebFromUrl() / urlFromDidWeb()', () => {
  const cases: [string, string][] = [
    ['https://example.org', 'did:web:example.org'],
    ['http://localhost:8080', 'did:web:localhost%3A8080'],
    ['https://certificates.health.gov.lk/moh/covid', 'did:web:certificates.health.gov.lk:moh:covid'],
  ];
  for (const [url, did] of cases) {
    it(`should map ${url} <-> ${did}`, () => {
      expect(didWebFromUrl(url)).to.equal(did);
      expect(urlFromDidWeb(did)).to.equal(url);
    });
  }

  it('should publish a bare host at /.well-known/did.json and a path at /did.json', () => {
    expect(didDocumentUrl('did:web:example.org')).to.equal('https://example.org/.well-known/did.json');
    expect(didDocumentUrl('did:web:example.org:moh')).to.equal('https://example.org/moh/did.json');
  });

  describe('negative', () => {
    it('rejects URLs that cannot be a did:web base', () => {
      for (const url of ['not a url', 'ftp://example.org', 'https://example.org/?q=1']) {
        expect(() => didWebFromUrl(url)).to.throw(HealthcredError);
      }
    });

    it('rejects a DID of another method', () => {
      expect(() => urlFromDidWeb('did:key:z6Mk')).to.throw(HealthcredError, /not a did:web DID/);
    });
  });
});

describe('parseDidDocument()', () => {
  it('should accept the document healthcred publishes', () => {
    const document = buildDidDocument(generateIssuerKeySet({ did: 'did:web:example.org' }));
    expect(parseDidDocument(JSON.parse(JSON.stringify(document)), 'did.json')).to.deep.equal(document);
  });

  describe('negative', () => {
    it('rejects an assertionMethod entry the document does not define', () => {
      const document = buildDidDocument(generateIssuerKeySet({ did: 'did:web:example.org' }));
      document.assertionMethod.push('did:web:example.org#other');
      expect(() => parseDidDocument(document, 'did.json')).to.throw(HealthcredError, /did.json: assertionMethod/);
    });

    it('rejects a revoked member that is not an ISO 8601 date-time', () => {
      const document = JSON.parse(JSON.stringify(buildDidDocument(generateIssuerKeySet({ did: 'did:web:example.org' }))));
      document.verificationMethod[0].revoked = true;
      expect(() => parseDidDocument(document, 'did.json')).to.throw(HealthcredError, /verificationMethod\[0\]\.revoked/);
    });

    it('rejects a verification method of another controller', () => {
      const document = buildDidDocument(generateIssuerKeySet({ did: 'did:web:example.org' }));
      document.verificationMethod[0]!.controller = 'did:web:evil.example';
      expect(() => parseDidDocument(document, 'did.json')).to.throw(HealthcredError, /verificationMethod\[0\]\.controller/);
    });
  });
});
