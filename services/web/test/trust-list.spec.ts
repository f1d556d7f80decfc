import { expect } from 'chai';
import type { TrustedIssuer } from '@healthcred/types';
import { readTrustList } from '../src/verify/trust-list.js';

const DID = 'did:web:moh.example';
const KEY = `${DID}#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK`;
const OLD_KEY = `${DID}#z6MkjchhfUsD6mmvni8mCdXHw216Xrm9bQe2mBH1P5RDjVJG`;

/** A trust list as `GET /trust-list` answers it: an issuer with a current key and a revoked one. */
function answer(): { issuers: TrustedIssuer[] } {
  const method = (id: string) => ({ id, type: 'Ed25519VerificationKey2020' as const, controller: DID, publicKeyMultibase: id.split('#')[1]! });
  return {
    issuers: [{
      did: DID, name: 'Ministry of Health', country: 'LK', contextBaseUrls: ['https://moh.example'],
      didDocument: {
        '@context': ['https://www.w3.org/ns/did/v1'], id: DID,
        verificationMethod: [method(KEY), { ...method(OLD_KEY), revoked: '2026-01-20T00:00:00Z' }], assertionMethod: [KEY],
      },
    }],
  };
}

const PEM = '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----\n';

/** A DIVOC issuer as `GET /trust-list` answers it: an RSA and an Ed25519 key under did:india, one namespace. */
function divocEntry(): any {
  return {
    did: 'https://cowin.gov.in/', name: 'CoWIN', country: 'IN',
    divoc: {
      keys: [{ id: 'did:india', type: 'RsaVerificationKey2018', publicKeyPem: PEM },
        { id: 'did:india', type: 'Ed25519VerificationKey2018', publicKeyBase58: 'DaipNW4xaH2bh1XGNNdqjnSYyru3hLnUgTBSfSvmZ2hi' }],
      contexts: { 'https://cowin.gov.in/credentials/vaccination/v1': 'vaccination/v1' },
      revocationUrl: 'https://cowin.gov.in/divoc/api/v1/certificate/revoked',
    },
  };
}

describe('readTrustList()', () => {
  describe('negative', () => {
    it('refuses an answer that is not a non-empty list of issuers', () => {
      for (const value of [undefined, null, [], {}, { issuers: {} }, { issuers: [] }, { issuers: [null] }]) {
        expect(readTrustList(value), JSON.stringify(value)).to.equal(undefined);
      }
    });

    it('refuses an issuer without a name or ISO country, or named twice', () => {
      const changes: ((list: any) => void)[] = [
        (list) => { list.issuers[0].name = ' '; },
        (list) => { list.issuers[0].country = 'Sri Lanka'; },
        (list) => { delete list.issuers[0].did; },
        (list) => { list.issuers.push(structuredClone(list.issuers[0])); },
      ];
      for (const change of changes) {
        const list = answer();
        change(list);
        expect(readTrustList(list), change.toString()).to.equal(undefined);
      }
    });

    it('refuses a DID document that is another DID\'s, or names a foreign, unknown or revoked key for assertionMethod', () => {
      const changes: ((list: any) => void)[] = [
        (list) => { list.issuers[0].didDocument.id = 'did:web:evil.example'; },
        (list) => { list.issuers[0].didDocument.verificationMethod[0].controller = 'did:web:evil.example'; },
        (list) => { list.issuers[0].didDocument.verificationMethod[0].id = 'did:web:evil.example#z6Mk'; },
        (list) => { list.issuers[0].didDocument.verificationMethod[0].type = 'JsonWebKey2020'; },
        (list) => { list.issuers[0].didDocument.assertionMethod.push(`${DID}#other`); },
        (list) => { list.issuers[0].didDocument.assertionMethod.push(OLD_KEY); },
        (list) => { list.issuers[0].didDocument.verificationMethod[1].revoked = 'yesterday'; },
        (list) => { delete list.issuers[0].didDocument.assertionMethod; },
      ];
      for (const change of changes) {
        const list = answer();
        change(list);
        expect(readTrustList(list), change.toString()).to.equal(undefined);
      }
    });

    it('refuses context base URLs that are not http(s)', () => {
      for (const bases of [[], ['javascript:alert(1)'], 'https://moh.example']) {
        const list: any = answer();
        list.issuers[0].contextBaseUrls = bases;
        expect(readTrustList(list), JSON.stringify(bases)).to.equal(undefined);
      }
    });

    it('refuses a DIVOC entry with a bad key, an unknown context name, a non-http namespace or a DID document too', () => {
      const changes: ((entry: any) => void)[] = [
        (entry) => { entry.divoc.keys = []; },
        (entry) => { entry.divoc.keys[0].publicKeyPem = 'MIIB'; },
        (entry) => { entry.divoc.keys[1].publicKeyBase58 = '0OIl'; },
        (entry) => { entry.divoc.keys[1].type = 'Ed25519VerificationKey2020'; },
        (entry) => { entry.divoc.contexts = { 'https://cowin.gov.in/credentials/vaccination/v1': 'vaccination/v9' }; },
        (entry) => { entry.divoc.contexts = { 'javascript:alert(1)': 'vaccination/v1' }; },
        (entry) => { entry.divoc.contexts = {}; },
        (entry) => { entry.divoc.revocationUrl = 'file:///etc/passwd'; },
        (entry) => { entry.didDocument = answer().issuers[0]!.didDocument; },
      ];
      for (const change of changes) {
        const entry = divocEntry();
        change(entry);
        expect(readTrustList({ issuers: [...answer().issuers, entry] }), change.toString()).to.equal(undefined);
      }
    });
  });

  it('should read a DIVOC issuer beside a DID issuer, with only the members the verifier reads', () => {
    const entry = divocEntry();
    entry.divoc.keys[0].note = 'extra';
    expect(readTrustList({ issuers: [...answer().issuers, entry] })).to.deep.equal([...answer().issuers, divocEntry()]);
  });

  it('should read a well-formed list, keeping the revoked key marked and only the members the verifier reads', () => {
    const list: any = answer();
    list.issuers[0].note = 'extra';
    list.issuers[0].didDocument.service = [{ id: 'x' }];
    expect(readTrustList(list)).to.deep.equal(answer().issuers);
    const { contextBaseUrls: _bases, ...derived } = answer().issuers[0]!;
    expect(readTrustList({ issuers: [derived] })).to.deep.equal([derived]);
  });

  it('should read the Multikey methods a vc2 issuer publishes beside its Ed25519VerificationKey2020 ones', () => {
    const list = answer();
    const document = list.issuers[0]!.didDocument!;
    const multikey = { ...document.verificationMethod[0]!, id: `${DID}#multikey-${KEY.split('#')[1]}`, type: 'Multikey' as const };
    document.verificationMethod.push(multikey);
    document.assertionMethod.push(multikey.id);
    expect(readTrustList(list)?.[0]?.didDocument?.verificationMethod.map((method) => method.type))
      .to.deep.equal(['Ed25519VerificationKey2020', 'Ed25519VerificationKey2020', 'Multikey']);
  });
});
