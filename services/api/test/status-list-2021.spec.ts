// A standard verifier reads new credentials' status: @digitalbazaar/vc-status-list's own checkStatus, unmodified,
// with healthcred's document loader (plus the list URLs, fetched from the API) and the stock Ed25519Signature2020 suite.
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { checkStatus, statusTypeMatches } from '@digitalbazaar/vc-status-list';
import { expect } from 'chai';
import request from 'supertest';
import { buildVaccinationCredential, issueCredential } from '@healthcred/credentials';
import { createDocumentLoader, type DocumentLoader } from '@healthcred/document-loader';
import { encodeStatusList2021, statusEntry } from '@healthcred/status-list';
import type { CredentialStatusEntry, SignedHealthCredential } from '@healthcred/types';
import { mockVaccinationRecord } from '@healthcred/testing';
import { ISSUER_URL, TOKENS, startApi, type TestApi } from './fixtures/api.js';

interface StatusResult {
  verified: boolean;
  error?: Error;
  results?: { verified: boolean; credentialStatus: CredentialStatusEntry }[];
}

describe('API: Status List 2021 entries, read by @digitalbazaar/vc-status-list', () => {
  let api: TestApi;
  let certificateId: string;
  let credential: SignedHealthCredential;
  /** Rewrites a list the API served before the verifier sees it (a man in the middle, or a bad cache). */
  let tamper: ((list: Record<string, any>) => void) | undefined;
  let documentLoader: DocumentLoader;

  const admin = (action: 'suspend' | 'reinstate' | 'revoke') => request(api.app)
    .post(`/admin/certificates/${certificateId}/${action}`).set('Authorization', `Bearer ${TOKENS.amara}`)
    .send({ reason: 'holder reported a lost card' }).expect(200);
  const check = async (verifiable: unknown = credential) =>
    await checkStatus({ credential: verifiable, documentLoader, suite: new Ed25519Signature2020() }) as StatusResult;
  /** Whether each entry of `purpose` reads "not set" (verified) in its list. */
  const clear = (result: StatusResult, purpose: 'revocation' | 'suspension') => {
    expect(result.error, String(result.error)).to.equal(undefined);
    const entries = result.results!.filter((one) => one.credentialStatus.statusPurpose === purpose);
    expect(entries).to.have.length(1);
    return entries[0]!.verified;
  };

  beforeEach(async () => {
    api = startApi();
    await api.issue(1);
    ({ certificateId, credential } = await api.issue(2));
    tamper = undefined;
    const did = JSON.parse((await request(api.app).get('/.well-known/did.json')).text);
    const offline = createDocumentLoader({ contextBaseUrls: [ISSUER_URL], didDocuments: [did] });
    documentLoader = async (url) => {
      if (!url.startsWith(`${ISSUER_URL}/status/`)) return offline(url);
      const list = JSON.parse((await request(api.app).get(new URL(url).pathname).expect(200)).text);
      tamper?.(list);
      return { contextUrl: null, documentUrl: url, document: list };
    };
  });
  afterEach(() => api.close());

  describe('negative', () => {
    it('refuses a list whose bits were changed after signing: a revoked credential is not read as valid', async () => {
      await admin('revoke');
      tamper = (list) => { list.credentialSubject.encodedList = encodeStatusList2021([]); };
      const result = await check();
      expect(result.verified).to.equal(false);
      expect(String(result.error?.message)).to.match(/StatusList2021Credential" not verified/);
    });

    it('refuses a list relabelled with the other purpose', async () => {
      tamper = (list) => { list.credentialSubject.statusPurpose = list.credentialSubject.statusPurpose === 'revocation' ? 'suspension' : 'revocation'; };
      const result = await check();
      expect(result.verified).to.equal(false);
      expect(String(result.error?.message)).to.match(/status purpose/);
    });

    it('does not recognise the Bitstring entries of credentials issued before (so they keep the lists they name), which still verify and revoke here', async () => {
      const index = (credential.credentialStatus as CredentialStatusEntry[])[0]!.statusListIndex;
      const older = await issueCredential({
        credential: buildVaccinationCredential(mockVaccinationRecord(), {
          issuer: api.issuer, certificateId, issuedAt: credential.issuanceDate,
          credentialStatus: (['revocation', 'suspension'] as const).map((kind) => statusEntry({ issuerUrl: ISSUER_URL, kind, list: 1, index: Number(index) })),
        }),
        issuer: api.issuer,
      });
      expect(statusTypeMatches({ credential: older })).to.equal(false);
      const verify = async () => (await request(api.app).post('/credentials/verify').send({ verifiableCredential: older })).body;
      expect((await verify()).verified).to.equal(true);
      await admin('revoke');
      expect((await verify()).errors.map((error: { code: string }) => error.code)).to.deep.equal(['revoked']);
    });
  });

  it('should carry two StatusList2021Entry entries under the Status List 2021 context', () => {
    expect(credential['@context']).to.include('https://w3id.org/vc/status-list/2021/v1');
    expect(statusTypeMatches({ credential })).to.equal(true);
    expect((credential.credentialStatus as CredentialStatusEntry[]).map((entry) => [entry.type, entry.statusPurpose])).to.deep.equal([
      ['StatusList2021Entry', 'revocation'], ['StatusList2021Entry', 'suspension'],
    ]);
  });

  it('should read the revocation entry as not revoked, then revoked after POST /admin/certificates/{id}/revoke', async () => {
    const before = await check();
    expect(before.verified).to.equal(true);
    expect(clear(before, 'revocation')).to.equal(true);
    await admin('revoke');
    const after = await check();
    expect(after.verified).to.equal(false);
    expect(clear(after, 'revocation')).to.equal(false);
    expect(clear(after, 'suspension')).to.equal(true);
  });

  it('should read the suspension entry as suspended after suspend, and clear again after reinstate', async () => {
    await admin('suspend');
    const suspended = await check();
    expect(suspended.verified).to.equal(false);
    expect([clear(suspended, 'revocation'), clear(suspended, 'suspension')]).to.deep.equal([true, false]);
    await admin('reinstate');
    const reinstated = await check();
    expect(reinstated.verified).to.equal(true);
    expect(clear(reinstated, 'suspension')).to.equal(true);
  });

  it('should verify the new credential through the API, and report it revoked there too', async () => {
    const verify = async () => (await request(api.app).post('/credentials/verify').send({ verifiableCredential: credential })).body;
    expect((await verify()).verified).to.equal(true);
    await admin('revoke');
    expect((await verify()).errors.map((error: { code: string }) => error.code)).to.deep.equal(['revoked']);
  });
});
