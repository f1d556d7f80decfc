import { X509Certificate } from 'node:crypto';
import { expect } from 'chai';
import { fromGdhcnDocument, toGdhcnDocument, type GdhcnDidDocument } from '@healthcred/trust';
import type { TrustedIssuer } from '@healthcred/types';
import { issuerDocument, refusal, testDsc } from '@healthcred/testing';

const DID = 'did:web:certificates.health.gov.lk';
const AUTHORITY = { name: 'Ministry of Health, Sri Lanka', country: 'LK' };

function issuer(): TrustedIssuer {
  return { did: DID, ...AUTHORITY, didDocument: issuerDocument(DID, { rotated: true }) };
}

/** Writes a JWK integer as some GDHCN documents do: standard base64 with padding and a leading zero byte. */
function javaStyle(base64url: string): string {
  return Buffer.concat([Buffer.of(0), Buffer.from(base64url, 'base64url')]).toString('base64');
}

describe('toGdhcnDocument() and fromGdhcnDocument()', () => {
  describe('negative', () => {
    it('rejects a DSC whose JWK is not the key of its certificate', () => {
      const { dsc } = testDsc();
      const { dsc: other } = testDsc();
      const document = toGdhcnDocument({ issuer: issuer(), dscs: [dsc] });
      const forged = toGdhcnDocument({ issuer: issuer(), dscs: [other] }).verificationMethod.at(-1)!;
      document.verificationMethod.at(-1)!.publicKeyJwk = { ...forged.publicKeyJwk, x5c: document.verificationMethod.at(-1)!.publicKeyJwk.x5c! };
      const error = refusal(() => fromGdhcnDocument(document, AUTHORITY));
      expect(error.field).to.equal('document.verificationMethod[2].publicKeyJwk');
      expect(error.message).to.contain('not the public key of its certificate');
    });

    it('refuses Ed25519 keys of a did:key, keys of two authorities in one document, and a key id of another DID', () => {
      const document = toGdhcnDocument({ issuer: issuer() });
      const didKey = structuredClone(document);
      didKey.verificationMethod[0]!.controller = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
      expect(refusal(() => fromGdhcnDocument(didKey, AUTHORITY)).field).to.equal('document.verificationMethod[0].controller');
      const mixed = structuredClone(document);
      mixed.verificationMethod[1]!.controller = 'did:web:other.example';
      expect(refusal(() => fromGdhcnDocument(mixed, AUTHORITY)).message).to.contain('one authority\'s document at a time');
      const foreignId = structuredClone(document);
      foreignId.verificationMethod[0]!.id = 'did:web:other.example#key-1';
      expect(refusal(() => fromGdhcnDocument(foreignId, AUTHORITY)).field).to.equal('document.verificationMethod[0].id');
      expect(refusal(() => fromGdhcnDocument(document, { ...AUTHORITY, country: 'LKA' })).field).to.equal('country');
    });

    it('rejects a certificate that does not parse', () => {
      const document = toGdhcnDocument({ issuer: issuer(), dscs: [testDsc().dsc] });
      document.verificationMethod[2]!.publicKeyJwk.x5c = ['bm90IGEgY2VydGlmaWNhdGU='];
      expect(refusal(() => fromGdhcnDocument(document, AUTHORITY)).field).to.equal('document.verificationMethod[2].publicKeyJwk.x5c[0]');
    });
  });

  it('should publish the issuer\'s signing keys as OKP JWKs and its DSCs as EC and RSA JWKs with x5c', () => {
    const entry = issuer();
    const ec = testDsc('LK', 'ES256').dsc;
    const rsa = testDsc('LK', 'PS256').dsc;
    const document: GdhcnDidDocument = toGdhcnDocument({ issuer: entry, dscs: [ec, rsa] });
    expect(document).to.include({ id: DID, controller: DID });
    expect(document['@context']).to.deep.equal(['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1']);
    const [first, second, ecKey, rsaKey] = document.verificationMethod;
    expect(first).to.deep.include({ id: entry.didDocument.verificationMethod[0]!.id, type: 'JsonWebKey2020', controller: DID });
    expect(first!.publicKeyJwk).to.include({ kty: 'OKP', crv: 'Ed25519' }).and.have.property('x').with.length(43);
    expect(second!.publicKeyJwk.kty).to.equal('OKP');
    expect(ecKey).to.deep.include({ id: `${DID}#${ec.kid}` });
    expect(ecKey!.publicKeyJwk).to.include({ kty: 'EC', crv: 'P-256', kid: ec.kid });
    expect(ecKey!.publicKeyJwk.x5c).to.deep.equal([ec.rawData]);
    expect(rsaKey!.publicKeyJwk).to.include({ kty: 'RSA', e: 'AQAB', kid: rsa.kid });
  });

  it('should leave out a revoked key, which GDHCN has no way to mark', () => {
    const entry = issuer();
    const [retired, active] = entry.didDocument.verificationMethod;
    entry.didDocument = {
      ...entry.didDocument, verificationMethod: [{ ...retired!, revoked: '2026-01-01T00:00:00Z' }, active!], assertionMethod: [active!.id],
    };
    expect(toGdhcnDocument({ issuer: entry }).verificationMethod.map((method) => method.id)).to.deep.equal([active!.id]);
  });

  it('should read its own output back: the same issuer keys, and DSCs in the shape parseTrustList gives', () => {
    const entry = issuer();
    const { dsc } = testDsc();
    const imported = fromGdhcnDocument(JSON.parse(JSON.stringify(toGdhcnDocument({ issuer: entry, dscs: [dsc] }))), AUTHORITY);
    expect(imported.issuers).to.deep.equal([{ ...entry, didDocument: { ...entry.didDocument } }]);
    expect(imported.dscs).to.deep.equal([dsc]);
    expect(imported.skipped).to.deep.equal([]);
  });

  it('should read a GDHCN participant document: padded integers, CA certificates and references skipped', () => {
    const { dsc, cscaBase64 } = testDsc('XA');
    const certificate = new X509Certificate(Buffer.from(dsc.rawData, 'base64'));
    const jwk = certificate.publicKey.export({ format: 'jwk' });
    const csca = new X509Certificate(Buffer.from(cscaBase64, 'base64')).publicKey.export({ format: 'jwk' });
    const did = 'did:web:tng-cdn.who.int:v2:trustlist:DCC:XXA:DSC';
    const kid = Buffer.from(dsc.kid).toString('base64');
    const document = {
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
      id: did, controller: did,
      verificationMethod: [
        'did:web:tng-cdn.who.int:v2:trustlist:DCC:XXB:DSC',
        { id: `${did}#${kid}`, type: 'JsonWebKey2020', controller: did, publicKeyJwk: {
          kty: 'EC', kid, crv: 'P-256', x: javaStyle(jwk.x!), y: javaStyle(jwk.y!), x5c: [dsc.rawData, cscaBase64],
        } },
        { id: `${did}#csca`, type: 'JsonWebKey2020', controller: did, publicKeyJwk: { kty: 'EC', kid: 'csca', crv: 'P-256', x: csca.x, y: csca.y, x5c: [cscaBase64] } },
      ],
      proof: { type: 'JsonWebSignature2020', created: '2024-11-10T12:00:21Z', proofPurpose: 'assertionMethod', verificationMethod: 'did:web:who', jws: 'e..s' },
    };
    const imported = fromGdhcnDocument(document, { name: 'Test country XA', country: 'XA' });
    expect(imported.issuers).to.deep.equal([]);
    expect(imported.dscs).to.deep.equal([dsc]);
    expect(imported.skipped.map((skip) => skip.id)).to.deep.equal(['did:web:tng-cdn.who.int:v2:trustlist:DCC:XXB:DSC', `${did}#csca`]);
  });
});
