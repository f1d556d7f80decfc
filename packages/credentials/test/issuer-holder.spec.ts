import { expect } from 'chai';
import {
  buildVaccinationCredential, createIssuer, holdIssuer, issueCredential, trustEntryOf, verifyCredential, type Issuer, type IssuerChange,
} from '@healthcred/credentials';
import { createDocumentLoader } from '@healthcred/document-loader';
import { generateIssuerKeySet, rotateIssuerKey, type IssuerKeySet } from '@healthcred/issuer-identity';
import { buildOptions, FULL_FIELDS, ISSUER_DID, ISSUER_URL, mockVaccinationRecord } from '@healthcred/testing';

const sign = (issuer: Issuer) => issueCredential({ credential: buildVaccinationCredential(mockVaccinationRecord(), buildOptions(issuer)), issuer });

describe('holdIssuer()', () => {
  let keys: IssuerKeySet;
  let first: Issuer;

  beforeEach(() => {
    keys = generateIssuerKeySet({ did: ISSUER_DID });
    first = createIssuer({ keys, url: ISSUER_URL, credentialFields: FULL_FIELDS });
  });

  describe('negative', () => {
    it('rejects keys of another DID, keeping the issuer and telling no listener', () => {
      const held = holdIssuer(first);
      const changes: IssuerChange[] = [];
      held.onChange((change) => changes.push(change));
      expect(() => held.replace(generateIssuerKeySet({ did: 'did:web:other.example' }))).to.throw().with.property('code', 'key_error');
      expect(held.current()).to.equal(first);
      expect(changes).to.deep.equal([]);
    });

    it('rejects a key set without an active key, keeping the issuer', () => {
      const held = holdIssuer(first);
      const retiredOnly = { did: ISSUER_DID, keys: rotateIssuerKey(keys).keys.slice(1) };
      expect(() => held.replace(retiredOnly)).to.throw().with.property('code', 'key_error');
      expect(held.current()).to.equal(first);
    });

    it('refuses to change an issuer in place: it is frozen', () => {
      const other = createIssuer({ keys: rotateIssuerKey(keys), url: ISSUER_URL });
      expect(Object.isFrozen(first)).to.equal(true);
      expect(() => Object.assign(first, other)).to.throw(TypeError);
      expect(first.signer.id).to.equal(keys.keys[0]!.id);
    });

    it('leaves a consumer that kept the issuer (or its signer) signing with the old key: only current() follows', async () => {
      const held = holdIssuer(first);
      const captured = held.current();
      const capturedSigner = captured.signer;
      held.replace(rotateIssuerKey(keys));
      const stale = await sign(captured);
      expect(stale.proof.verificationMethod).to.equal(capturedSigner.id).and.equal(keys.keys[0]!.id);
      expect((await sign(held.current())).proof.verificationMethod).to.not.equal(capturedSigner.id);
    });

    it('stops telling a listener once it is removed', () => {
      const held = holdIssuer(first);
      const changes: IssuerChange[] = [];
      const stop = held.onChange((change) => changes.push(change));
      stop();
      held.replace(rotateIssuerKey(keys));
      expect(changes).to.deep.equal([]);
    });
  });

  it('should sign with the new key at once after replace(), keeping DID, URL and optional fields', async () => {
    const held = holdIssuer(first);
    const rotated = rotateIssuerKey(keys);
    const changes: IssuerChange[] = [];
    held.onChange((change) => changes.push(change));
    const returned = held.replace(rotated);
    const now = held.current();
    expect(now).to.equal(returned).and.not.equal(first);
    expect(Object.isFrozen(now)).to.equal(true);
    expect(now).to.include({ did: first.did, url: first.url, credentialFields: FULL_FIELDS });
    expect(now.signer.id).to.equal(rotated.keys[0]!.id);
    expect(now.didDocument.assertionMethod).to.deep.equal([rotated.keys[0]!.id, keys.keys[0]!.id]);
    expect(changes).to.have.length(1);
    expect(changes[0]!.issuer).to.equal(now);
    expect(changes[0]!.keys).to.equal(rotated);
    expect((await sign(now)).proof.verificationMethod).to.equal(rotated.keys[0]!.id);
  });

  it('should keep verifying what the old issuer signed against the new DID document', async () => {
    const held = holdIssuer(first);
    const old = await sign(held.current());
    held.replace(rotateIssuerKey(keys));
    const fresh = await sign(held.current());
    const trustedIssuers = [trustEntryOf(held.current(), { name: 'Ministry of Health', country: 'LK' })];
    const documentLoader = createDocumentLoader({ contextBaseUrls: [ISSUER_URL] });
    for (const credential of [old, fresh]) {
      expect((await verifyCredential({ credential, trustedIssuers, documentLoader })).verified).to.equal(true);
    }
  });
});
