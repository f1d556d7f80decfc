import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import * as vc from '@digitalbazaar/vc';
import { expect } from 'chai';
import request from 'supertest';
import { buildVaccinationCredential, issueCredential } from '@healthcred/credentials';
import { createDocumentLoader, type DocumentLoader } from '@healthcred/document-loader';
import { decodeStatusList, decodeStatusList2021, isStatusSet, statusEntry } from '@healthcred/status-list';
import { createStatusListChecker } from '@healthcred/status-list/read';
import type { CredentialStatusEntry, SignedHealthCredential, StatusListCredential } from '@healthcred/types';
import { ISSUER_URL, TOKENS, startApi, type TestApi } from './fixtures/api.js';
import { mockVaccinationRecord } from '@healthcred/testing';

type SignedList = StatusListCredential & { proof: object };

const PATHS = {
  'revocation-2021': '/status/2021/revocation/1', 'suspension-2021': '/status/2021/suspension/1',
  revocation: '/status/revocation/1', suspension: '/status/suspension/1', legacy: '/status/1',
};

describe('API: status lists', () => {
  let api: TestApi;
  let certificateId: string;
  let credential: SignedHealthCredential;
  let index: number;
  /** An outside verifier's loader: only what it fetched over HTTP (DID document, status list context). */
  let outside: DocumentLoader;

  const admin = (action: 'suspend' | 'reinstate' | 'revoke') => request(api.app)
    .post(`/admin/certificates/${certificateId}/${action}`).set('Authorization', `Bearer ${TOKENS.amara}`)
    .send({ reason: 'holder reported a lost card' }).expect(200);
  const list = async (path: string) => JSON.parse((await request(api.app).get(path).expect(200)).text) as SignedList;
  /** The credential's bit in each series; the two formats of a purpose must always agree. */
  const bits = async () => {
    const read = async (path: string, decode = decodeStatusList) => isStatusSet(decode((await list(path)).credentialSubject.encodedList), index);
    const revocation = await read(PATHS.revocation);
    const suspension = await read(PATHS.suspension);
    expect(await read(PATHS['revocation-2021'], decodeStatusList2021), 'Status List 2021 revocation').to.equal(revocation);
    expect(await read(PATHS['suspension-2021'], decodeStatusList2021), 'Status List 2021 suspension').to.equal(suspension);
    return { revocation, suspension, legacy: await read(PATHS.legacy) };
  };
  const verify = async (verifiableCredential: unknown) =>
    (await request(api.app).post('/credentials/verify').send({ verifiableCredential })).body as { verified: boolean; errors: { code: string }[] };
  /** The credential as it was issued before: one entry at the legacy list, or the two Bitstring entries; same position. */
  const olderCredential = (form: 'legacy' | 'bitstring' = 'legacy') => issueCredential({
    credential: buildVaccinationCredential(mockVaccinationRecord(), {
      issuer: api.issuer, certificateId, issuedAt: credential.issuanceDate,
      credentialStatus: form === 'legacy' ? statusEntry({ issuerUrl: ISSUER_URL, kind: 'legacy', list: 1, index })
        : (['revocation', 'suspension'] as const).map((kind) => statusEntry({ issuerUrl: ISSUER_URL, kind, list: 1, index })),
    }),
    issuer: api.issuer,
  });
  const legacyCredential = () => olderCredential('legacy');

  beforeEach(async () => {
    api = startApi();
    await api.issue(1);
    ({ certificateId, credential } = await api.issue(2));
    index = Number((credential.credentialStatus as CredentialStatusEntry[])[0]!.statusListIndex);
    const did = JSON.parse((await request(api.app).get('/.well-known/did.json')).text);
    const context = JSON.parse((await request(api.app).get('/credentials/status-list/v1')).text);
    outside = createDocumentLoader({
      contextBaseUrls: [ISSUER_URL], didDocuments: [did], contexts: new Map([['credentials/status-list/v1', context]]),
    });
  });
  afterEach(() => api.close());

  describe('negative', () => {
    it('answers 404 for a list not in use, an unknown series and a malformed number', async () => {
      for (const path of ['/status/2', '/status/revocation/2', '/status/suspension/2', '/status/x', '/status/message/1',
        '/status/revocation/0', '/status/suspension/01', '/status/2021/revocation/2', '/status/2021/1', '/status/2021/message/1',
        '/status/2021/suspension/0']) {
        const response = await request(api.app).get(path).expect(404);
        expect(response.text, path).to.not.match(/at .*\.[jt]s/);
      }
    });
  });

  it('should list every list in use and publish each as a signed list of its purpose, cacheable', async () => {
    const { statusLists } = (await request(api.app).get('/status').expect(200)).body;
    expect(statusLists).to.deep.equal(Object.values(PATHS).map((path) => `${ISSUER_URL}${path}`));
    const purposes = {
      'revocation-2021': 'revocation', 'suspension-2021': 'suspension', revocation: 'revocation', suspension: 'suspension', legacy: 'revocation',
    };
    for (const [kind, path] of Object.entries(PATHS) as [keyof typeof PATHS, string][]) {
      const response = await request(api.app).get(path).expect(200);
      expect(response.headers['cache-control']).to.equal('public, max-age=300');
      expect(response.headers['content-type']).to.contain('application/vc+ld+json');
      const signed = JSON.parse(response.text) as SignedList;
      expect(signed.id).to.equal(`${ISSUER_URL}${path}`);
      const format = kind.endsWith('-2021') ? 'StatusList2021' : 'BitstringStatusList';
      expect(signed.type).to.deep.equal(['VerifiableCredential', `${format}Credential`]);
      expect(signed.credentialSubject).to.include({ type: format, statusPurpose: purposes[kind] });
      const checked = await vc.verifyCredential({ credential: signed, suite: new Ed25519Signature2020(), documentLoader: outside });
      expect(checked.verified, `${path}: ${JSON.stringify(checked.error)}`).to.equal(true);
      await request(api.app).get(path).set('If-None-Match', response.headers.etag!).expect(304);
    }
  });

  it('should set the suspension and legacy bits on suspension, clear them on reinstatement, and change the ETags', async () => {
    const etag = async (path: string) => (await request(api.app).get(path)).headers.etag;
    const before = await etag(PATHS.suspension);
    expect(await bits()).to.deep.equal({ revocation: false, suspension: false, legacy: false });
    await admin('suspend');
    expect(await bits()).to.deep.equal({ revocation: false, suspension: true, legacy: true });
    expect(await etag(PATHS.suspension)).to.not.equal(before);
    await admin('reinstate');
    expect(await bits()).to.deep.equal({ revocation: false, suspension: false, legacy: false });
    expect(await etag(PATHS.suspension)).to.equal(before);
  });

  it('should sign every list anew, with a new ETag, as soon as the signing key changes (a revoked key must not sign on)', async () => {
    const first = await request(api.app).get(PATHS.revocation).expect(200);
    const oldKey = JSON.parse(first.text).proof.verificationMethod;
    const rotated = (await request(api.app).post('/admin/keys/rotate').set('Authorization', `Bearer ${TOKENS.amara}`)
      .send({ reason: 'the old key was exposed' }).expect(200)).body;
    const second = await request(api.app).get(PATHS.revocation).set('If-None-Match', first.headers.etag!).expect(200);
    expect(JSON.parse(second.text).proof.verificationMethod).to.equal(rotated.active).and.not.equal(oldKey);
    expect(second.headers.etag).to.not.equal(first.headers.etag);
  });

  it('should set the revocation and legacy bits on revocation, not the suspension bit', async () => {
    await admin('suspend');
    await admin('reinstate');
    await admin('revoke');
    expect(await bits()).to.deep.equal({ revocation: true, suspension: false, legacy: true });
  });

  it('should let an outside reader of the published lists tell suspended from revoked, for new, Bitstring and legacy entries', async () => {
    const legacy = await legacyCredential();
    const bitstring = await olderCredential('bitstring');
    const reader = () => createStatusListChecker({
      fetchList: async (url) => JSON.parse((await request(api.app).get(new URL(url).pathname).expect(200)).text),
      verifyList: async (signed) => (await vc.verifyCredential({ credential: signed, suite: new Ed25519Signature2020(), documentLoader: outside })).verified,
    });
    const states = async () => {
      const check = reader();
      const entries = [credential, bitstring, legacy].flatMap((one) => [one.credentialStatus as CredentialStatusEntry | CredentialStatusEntry[]].flat());
      return Promise.all(entries.map((entry) => check(entry, api.issuer.did)));
    };
    expect(await states()).to.deep.equal(['valid', 'valid', 'valid', 'valid', 'valid']);
    await admin('suspend');
    expect(await states()).to.deep.equal(['valid', 'suspended', 'valid', 'suspended', 'suspended']);
    await admin('reinstate');
    await admin('revoke');
    expect(await states()).to.deep.equal(['revoked', 'valid', 'revoked', 'valid', 'revoked']);
  });

  for (const form of ['legacy', 'bitstring'] as const) {
    it(`should keep verifying a credential issued with the ${form} entries, and say suspended or revoked from the store`, async () => {
      const older = await olderCredential(form);
      expect(older['@context']).to.have.length(3);
      expect((await verify(older)).verified).to.equal(true);
      await admin('suspend');
      expect((await verify(older)).errors.map((e) => e.code)).to.deep.equal(['suspended']);
      await admin('reinstate');
      expect((await verify(older)).verified).to.equal(true);
      await admin('revoke');
      expect((await verify(older)).errors.map((e) => e.code)).to.deep.equal(['revoked']);
    });
  }
});
