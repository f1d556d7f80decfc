// The attacks of the trust issue, against the one verifier every channel runs.
import { expect } from 'chai';
import {
  buildVaccinationCredential, createIssuer, issueCredential, trustEntryOf, verifyCredential, type Issuer,
} from '@healthcred/credentials';
import { createDocumentLoader } from '@healthcred/document-loader';
import { generateIssuerKeySet } from '@healthcred/issuer-identity';
import type { BitstringStatusListEntry, DidDocument, SignedHealthCredential, TrustedIssuer } from '@healthcred/types';
import { buildOptions, didKeyIssuer, ISSUER_DID, ISSUER_URL, mockIssuer } from '@healthcred/testing';
import { mockVaccinationRecord } from '@healthcred/testing';

const NOW = new Date('2026-02-01T00:00:00Z');

function entry(issuer: Pick<Issuer, 'did' | 'url' | 'didDocument'>): TrustedIssuer {
  return trustEntryOf(issuer, { name: 'Ministry of Health', country: 'LK' });
}

async function issue(issuer: Issuer): Promise<SignedHealthCredential> {
  const credential = buildVaccinationCredential(mockVaccinationRecord(), buildOptions(issuer));
  return issueCredential({ credential, issuer, now: new Date('2026-01-15T10:00:00Z') });
}

describe('verifyCredential() against the trust list', () => {
  let issuer: Issuer;
  let genuine: SignedHealthCredential;
  let trusted: TrustedIssuer[];
  const documentLoader = createDocumentLoader({ contextBaseUrls: [ISSUER_URL, 'https://evil.example'] });
  const verify = (credential: unknown, extra: Partial<Parameters<typeof verifyCredential>[0]> = {}) =>
    verifyCredential({ credential, documentLoader, trustedIssuers: trusted, now: NOW, ...extra });

  before(async () => {
    issuer = mockIssuer();
    trusted = [entry(issuer)];
    genuine = await issue(issuer);
  });

  describe('negative', () => {
    it('rejects a credential a fresh did:key signed naming itself as issuer', async () => {
      const forger = didKeyIssuer();
      const forged = await issue(forger);
      expect(forged.issuer).to.match(/^did:key:z6Mk/);
      const result = await verify(forged);
      expect(result.verified).to.equal(false);
      expect(result.errors).to.deep.equal([{
        check: 'issuer', code: 'untrusted_issuer', message: `The issuer ${forger.did} is not on this verifier's trust list.`,
      }]);
      expect(result.issuer).to.deep.equal({ id: forger.did, trusted: false });
    });

    it('rejects a well-formed credential of a did:web issuer that is not on the trust list', async () => {
      const foreign = mockIssuer('did:web:evil.example', 'https://evil.example');
      const result = await verify(await issue(foreign));
      expect(result.errors[0]).to.include({ check: 'issuer', code: 'untrusted_issuer' });
      expect(result.errors[0]!.message).to.contain('did:web:evil.example');
    });

    it('rejects a genuine credential whose holder was hidden behind an inline context alias', async () => {
      const stripped: any = structuredClone(genuine);
      stripped['@context'] = [...stripped['@context'], { nm: 'http://schema.org/name', bd: 'http://schema.org/birthDate' }];
      stripped.credentialSubject.nm = stripped.credentialSubject.name;
      stripped.credentialSubject.bd = stripped.credentialSubject.dob;
      delete stripped.credentialSubject.name;
      delete stripped.credentialSubject.dob;
      const result = await verify(stripped);
      expect(result.verified).to.equal(false);
      expect(result.errors[0]).to.include({ check: 'contexts', code: 'unknown_context' });
      expect(result.errors[0]!.message).to.contain('inline context');
    });

    it('rejects @vocab, a context inside the subject, and any other JSON-LD keyword, naming where', async () => {
      for (const [change, where] of [
        [(c: any) => { c['@context'] = [...c['@context'], { '@vocab': 'http://schema.org/' }]; }, '@vocab'],
        [(c: any) => { c.credentialSubject['@context'] = { nm: 'http://schema.org/name' }; }, 'credentialSubject.@context'],
        [(c: any) => { c.evidence[0]['@id'] = 'urn:x'; }, 'evidence[0].@id'],
      ] as const) {
        const tampered = structuredClone(genuine);
        change(tampered);
        const result = await verify(tampered);
        expect(result.errors[0], where).to.include({ check: 'contexts', code: 'unknown_context' });
        expect(result.errors[0]!.message, where).to.contain(where);
      }
    });

    it('rejects contexts in another order, with an extra entry, or another issuer\'s base URL', async () => {
      const [vc, own, suite] = genuine['@context'] as string[];
      for (const context of [[own, vc, suite], [vc, own, suite, suite], [vc, 'https://evil.example/credentials/vaccination/v1', suite],
        [vc, `${ISSUER_URL}/credentials/test-result/v1`, suite]]) {
        const result = await verify({ ...genuine, '@context': context });
        expect(result.errors[0], JSON.stringify(context)).to.include({ check: 'contexts', code: 'unknown_context' });
      }
    });

    it('rejects members named __proto__, constructor or prototype, before reading anything else', async () => {
      for (const name of ['__proto__', 'constructor', 'prototype']) {
        const tampered: any = JSON.parse(JSON.stringify(genuine).replace('"dob":', `"${name}":{"name":"x"},"dob":`));
        const result = await verify(tampered);
        expect(result.errors, name).to.have.length(1);
        expect(result.errors[0], name).to.include({ check: 'structure', code: 'forbidden_member' });
        expect(result.errors[0]!.message).to.contain(`credentialSubject.${name}`);
      }
    });

    it('rejects a signed credential that does not name its holder, though its proof holds', async () => {
      const credential: any = buildVaccinationCredential(mockVaccinationRecord(), buildOptions(issuer));
      delete credential.credentialSubject.name;
      credential.credentialSubject.dob = ' ';
      const signed = await issueCredential({ credential, issuer, now: new Date('2026-01-15T10:00:00Z') });
      const result = await verify(signed);
      expect(result.checks).to.include('proof');
      expect(result.errors).to.deep.equal([{
        check: 'holder', code: 'missing_holder',
        message: 'The credential does not say whose it is: credentialSubject.name and credentialSubject.dob missing or empty.',
      }]);
    });

    it('rejects a signature by a revoked key, though the key is still published', async () => {
      const document: DidDocument = structuredClone(issuer.didDocument);
      document.verificationMethod[0]!.revoked = '2026-01-20T00:00:00Z';
      document.assertionMethod = [];
      const result = await verify(genuine, { trustedIssuers: [entry({ ...issuer, didDocument: document })] });
      expect(result.errors).to.deep.equal([{
        check: 'issuer_key', code: 'revoked_key',
        message: `The signing key ${genuine.proof.verificationMethod} was revoked by its issuer on 2026-01-20T00:00:00Z: nothing it signed is valid.`,
      }]);
    });

    it('rejects a key of one trusted issuer used for another trusted issuer', async () => {
      const other = mockIssuer('did:web:other.example', ISSUER_URL);
      const forged = await issue({ ...other, did: ISSUER_DID });
      const result = await verify(forged, { trustedIssuers: [...trusted, entry(other)] });
      expect(result.errors[0]).to.include({ check: 'issuer_key', code: 'issuer_mismatch' });
    });

    it('rejects revoked and suspended credentials, and says when the status could not be read', async () => {
      const entries = ['revocation', 'suspension'].map((purpose) => ({
        id: `${ISSUER_URL}/status/${purpose}/1#5`, type: 'BitstringStatusListEntry' as const, statusPurpose: purpose as 'revocation',
        statusListIndex: '5', statusListCredential: `${ISSUER_URL}/status/${purpose}/1`,
      }));
      const credential = buildVaccinationCredential(mockVaccinationRecord(), { ...buildOptions(issuer), credentialStatus: entries });
      const withStatus = await issueCredential({ credential, issuer, now: new Date('2026-01-15T10:00:00Z') });
      const states: Record<string, 'valid' | 'revoked' | 'suspended'> = { revocation: 'valid', suspension: 'suspended' };
      const asked: string[] = [];
      const checkStatus = async (e: BitstringStatusListEntry, of: string) => {
        asked.push(`${e.statusPurpose} of ${of}`);
        return states[e.statusPurpose]!;
      };
      const suspended = await verify(withStatus, { checkStatus });
      expect(suspended.errors).to.deep.equal([{ check: 'status', code: 'suspended', message: 'The issuer has suspended this credential.' }]);
      expect(asked).to.deep.equal([`revocation of ${ISSUER_DID}`, `suspension of ${ISSUER_DID}`]);
      states.revocation = 'revoked';
      expect((await verify(withStatus, { checkStatus })).errors[0]).to.include({ code: 'revoked' });
      const down = await verify(withStatus, { checkStatus: async () => { throw new Error('offline'); } });
      expect(down.errors[0]).to.include({ check: 'status', code: 'status_unavailable' });

      asked.length = 0;
      const tampered = { ...withStatus, credentialStatus: entries.map((e) => ({ ...e, statusListCredential: 'http://169.254.169.254/latest' })) };
      expect((await verify(tampered, { checkStatus })).errors.map((e) => e.code)).to.deep.equal(['invalid_signature']);
      expect(asked, 'the status lists a forged credential names are never looked up').to.deep.equal([]);
    });
  });

  it('should verify a genuine credential, naming the issuer and its trust entry', async () => {
    const result = await verify(genuine);
    expect(result.verified).to.equal(true);
    expect(result.issuer).to.deep.equal({ id: ISSUER_DID, trusted: true, name: 'Ministry of Health', country: 'LK' });
  });

  it('should warn that revocation was not checked when no status checker is given', async () => {
    const credential = buildVaccinationCredential(mockVaccinationRecord(), {
      ...buildOptions(issuer), credentialStatus: {
        id: `${ISSUER_URL}/status/1#5`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation',
        statusListIndex: '5', statusListCredential: `${ISSUER_URL}/status/1`,
      },
    });
    const signed = await issueCredential({ credential, issuer, now: new Date('2026-01-15T10:00:00Z') });
    const unchecked = await verify(signed);
    expect(unchecked.verified).to.equal(true);
    expect(unchecked.warnings).to.deep.equal([{
      code: 'status_not_checked', message: 'Revocation was NOT checked: no status list was available to this verifier.',
    }]);
    const checked = await verify(signed, { checkStatus: async () => 'valid' });
    expect(checked).to.include({ verified: true }).and.to.have.property('warnings').that.is.empty;
    expect(checked.checks).to.include('status');
  });
});
