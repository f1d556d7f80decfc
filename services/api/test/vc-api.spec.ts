import { expect } from 'chai';
import request from 'supertest';
import { buildTestResultCredential, buildVaccinationCredential } from '@healthcred/credentials';
import { ED25519_2020_CONTEXT, VC_V1_CONTEXT } from '@healthcred/document-loader';
import type { HealthCredential } from '@healthcred/types';
import { ISSUER_URL, TOKENS, startApi, type TestApi } from './fixtures/api.js';
import { FULL_FIELDS, mockTestResultRecord, mockVaccinationRecord } from '@healthcred/testing';

type Json = Record<string, any>;
const VACCINATION_CONTEXT = `${ISSUER_URL}/credentials/vaccination/v1`;

/**
 * An unsigned credential as a VC API caller sends it: what the builders make in the full form (the caller's record
 * has a refId), without the members the issuer sets.
 */
function callerCredential(api: TestApi, built: HealthCredential = buildVaccinationCredential(mockVaccinationRecord(), {
  issuer: { ...api.issuer, credentialFields: FULL_FIELDS }, certificateId: '7K3M-9QXP-2RB4', issuedAt: '2026-01-15T10:00:00Z',
})): Json {
  const { id: _id, issuanceDate: _date, credentialSubject, evidence, ...rest } = structuredClone(built) as Json;
  const { id: _subjectId, ...subject } = credentialSubject;
  const { id: _evidenceId, certificateId: _certificateId, ...event } = evidence[0];
  return { ...rest, credentialSubject: subject, evidence: [event] };
}

describe('API: W3C VC API shapes', () => {
  let api: TestApi;
  const issue = (body: unknown, token = TOKENS.issue) => request(api.app).post('/credentials/issue')
    .set('Authorization', `Bearer ${token}`).send(body as object);
  const verify = (body: unknown) => request(api.app).post('/credentials/verify').send(body as object);

  beforeEach(() => { api = startApi(); });
  afterEach(() => api.close());

  describe('POST /credentials/issue {credential, options}', () => {
    describe('negative', () => {
      it('refuses a caller without the issue token, as for record bodies', async () => {
        await request(api.app).post('/credentials/issue').send({ credential: callerCredential(api) }).expect(401);
        await issue({ credential: callerCredential(api) }, TOKENS.amara).expect(401);
      });

      it('refuses a body of neither shape, naming both', async () => {
        const response = await issue({ verifiableCredential: callerCredential(api) }).expect(400);
        expect(response.body.error.message).to.contain('{"credential": {...}, "options": {...}}').and.contain('{"sourceKey", "kind", "record"}');
      });

      it('refuses a credential of another type, saying which types this issuer issues', async () => {
        const generic = { '@context': [VC_V1_CONTEXT], type: ['VerifiableCredential'], issuer: api.issuer.did, credentialSubject: { id: 'did:example:1' } };
        const response = await issue({ credential: generic, options: {} }).expect(400);
        expect(response.body.error).to.include({ code: 'invalid_input', field: 'credential.type' });
        expect(response.body.error.message).to.contain('"ProofOfVaccinationCredential"').and.contain('"ProofOfTestCertificateCredential"');
      });

      it('refuses each malformed or foreign member, naming the field and what was expected, and stores nothing', async () => {
        const cases: [string, (credential: Json, body: Json) => void, string, string][] = [
          ['no @context', (c) => { delete c['@context']; }, 'credential.@context', 'is required'],
          ['@context not an array', (c) => { c['@context'] = 4; }, 'credential.@context', 'must be an array'],
          ['@context items not strings', (c) => { c['@context'] = [{ foo: true }]; }, 'credential.@context[0]', 'must be a string'],
          ['an inline context', (c) => { c['@context'].push({ nm: 'http://schema.org/name' }); }, 'credential.@context[3]', 'must be a string'],
          ['a foreign context', (c) => { c['@context'][1] = 'https://evil.example/v1'; }, 'credential.@context', VACCINATION_CONTEXT],
          ['no type', (c) => { delete c.type; }, 'credential.type', 'is required'],
          ['type not an array', (c) => { c.type = 4; }, 'credential.type', 'must be an array'],
          ['no issuer', (c) => { delete c.issuer; }, 'credential.issuer', 'is required'],
          ['issuer a number', (c) => { c.issuer = 4; }, 'credential.issuer', 'must be a string'],
          ['another issuer', (c) => { c.issuer = 'did:web:evil.example'; }, 'credential.issuer', `must be this issuer, ${api.issuer.did}`],
          ['no credentialSubject', (c) => { delete c.credentialSubject; }, 'credential.credentialSubject', 'must be an object'],
          ['credentialSubject a string', (c) => { c.credentialSubject = 'did:example:1234'; }, 'credential.credentialSubject', 'must be an object'],
          ['a proof', (c) => { c.proof = { type: 'Ed25519Signature2020' }; }, 'credential.proof', 'send the credential unsigned'],
          ['a status entry', (c) => { c.credentialStatus = {}; }, 'credential.credentialStatus', 'set by the issuer'],
          ['an expiry that is no date-time', (c) => { c.expirationDate = 'in a year'; }, 'credential.expirationDate', 'ISO 8601'],
          ['an expiry before the issuance date', (c) => { c.issuanceDate = '2035-01-01T00:00:00Z'; c.expirationDate = '2034-01-01T00:00:00Z'; }, 'credential.expirationDate', 'after credential.issuanceDate'],
          ['an expiry already past', (c) => { c.expirationDate = '2020-01-01T00:00:00Z'; }, 'credential.expirationDate', 'in the future'],
          ['an unknown member', (c) => { c.termsOfUse = []; }, 'credential.termsOfUse', 'is not a known field'],
          ['a bad issuanceDate', (c) => { c.issuanceDate = 'yesterday'; }, 'credential.issuanceDate', 'ISO 8601'],
          ['a transferable credential', (c) => { c.nonTransferable = false; }, 'credential.nonTransferable', 'must be true'],
          ['a bad id', (c) => { c.id = 'urn:x?y'; }, 'credential.id', 'letters, digits'],
          ['an invalid dose', (c) => { c.evidence[0].dose = 'first'; }, 'record.vaccination.dose', 'integer'],
          ['a challenge', (_c, b) => { b.options = { challenge: 'abc' }; }, 'options.challenge', 'not supported'],
          ['a creation time', (_c, b) => { b.options = { created: '2026-01-01T00:00:00Z' }; }, 'options.created', 'not supported'],
          ['an unknown option', (_c, b) => { b.options = { proofType: 'x' }; }, 'options.proofType', 'is not a known field'],
          ['another status type', (_c, b) => { b.options = { credentialStatus: { type: 'RevocationList2020Status' } }; }, 'options.credentialStatus.type', 'StatusList2021Entry'],
          ['options not an object', (_c, b) => { b.options = 'x'; }, 'options', 'must be an object'],
          ['an extra top-level member', (_c, b) => { b.record = {}; }, 'record', 'is not a known field'],
        ];
        for (const [name, change, field, message] of cases) {
          const body: Json = { credential: callerCredential(api), options: {} };
          change(body.credential, body);
          const response = await issue(body);
          expect(response.status, name).to.equal(400);
          expect(response.body.error.field, name).to.equal(field);
          expect(response.body.error.message, name).to.contain(message);
        }
        const first = await issue({ credential: callerCredential(api) }).expect(201);
        expect(first.body.outcome).to.equal('inserted');
      });
    });

    describe('issuing', () => {
      it('should issue a vaccination credential from its unsigned form, signed, stored and verifying', async () => {
        const sent = callerCredential(api);
        const { body } = await issue({ credential: sent, options: { credentialStatus: { type: 'BitstringStatusListEntry' } } }).expect(201);
        expect(body.outcome).to.equal('inserted');
        const issued = body.verifiableCredential;
        expect(issued['@context']).to.deep.equal([VC_V1_CONTEXT, VACCINATION_CONTEXT, 'https://w3id.org/vc/status-list/2021/v1', ED25519_2020_CONTEXT]);
        expect(issued).to.include({ issuer: api.issuer.did, nonTransferable: true });
        const { verifier: _verifier, ...event } = sent.evidence[0];
        expect(issued.evidence[0]).to.deep.include({ ...event, certificateId: body.certificateId });
        // The record the caller sent, issued as the deployment's (minimal) credential: no refId, address or age.
        expect(issued.credentialSubject).to.have.keys('id', 'type', 'name', 'dob');
        expect(issued.credentialSubject).to.include({ name: sent.credentialSubject.name, dob: sent.credentialSubject.dob });
        expect(issued.credentialStatus).to.have.length(2);
        expect(issued.proof.type).to.equal('Ed25519Signature2020');
        expect((await verify({ verifiableCredential: issued, options: { checks: ['proof'] } }).expect(200)).body.verified).to.equal(true);
        await request(api.app).get(`/certificates/${body.certificateId}?dob=${sent.credentialSubject.dob}`).expect(200);
      });

      it('should be idempotent per credentialId or credential id, supersede a correction, and key an id-less request by its content', async () => {
        const withId = { ...callerCredential(api), id: 'urn:uuid:5f1c0a6e-2b7d-4a8e-9c1f-3d2e4b6a8c0d' };
        const first = await issue({ credential: withId }).expect(201);
        const replay = await issue({ credential: withId }).expect(200);
        expect(replay.body).to.include({ outcome: 'duplicate', certificateId: first.body.certificateId });
        const corrected = structuredClone(withId);
        corrected.evidence[0].batch = 'LOT-CORRECTED';
        const second = await issue({ credential: corrected }).expect(201);
        expect(second.body).to.include({ outcome: 'superseded', supersedes: first.body.certificateId });
        const byOption = await issue({ credential: callerCredential(api), options: { credentialId: 'portal/77' } }).expect(201);
        expect((await issue({ credential: callerCredential(api), options: { credentialId: 'portal/77' } }).expect(200)).body)
          .to.include({ outcome: 'duplicate', certificateId: byOption.body.certificateId });
        const idless = callerCredential(api, buildVaccinationCredential(mockVaccinationRecord({ recipient: { ...mockVaccinationRecord().recipient, refId: 'other' } }), {
          issuer: { ...api.issuer, credentialFields: FULL_FIELDS }, certificateId: '7K3M-9QXP-2RB4', issuedAt: '2026-01-15T10:00:00Z',
        }));
        const once = await issue({ credential: idless }).expect(201);
        expect((await issue({ credential: idless }).expect(200)).body).to.include({ outcome: 'duplicate', certificateId: once.body.certificateId });
      });

      it('should issue with the expirationDate asked for, verifying until then, superseded by another expiry, kept by a re-issue', async () => {
        const expires = new Date(Date.now() + 365 * 24 * 3600_000);
        const expirationDate = `${expires.toISOString().slice(0, 19)}Z`;
        const sent = { ...callerCredential(api), id: 'urn:uuid:0c9e7d3a-6b1f-4e2a-8d5c-7a4b3e2f1d0c' };
        const first = await issue({ credential: { ...sent, expirationDate: expires.toISOString() } }).expect(201);
        const issued = first.body.verifiableCredential;
        expect(issued.expirationDate).to.equal(expirationDate);
        expect((await verify({ verifiableCredential: issued }).expect(200)).body.verified).to.equal(true);
        expect((await issue({ credential: { ...sent, expirationDate } }).expect(200)).body.outcome).to.equal('duplicate');
        const later = `${new Date(expires.getTime() + 24 * 3600_000).toISOString().slice(0, 19)}Z`;
        const second = await issue({ credential: { ...sent, expirationDate: later } }).expect(201);
        expect(second.body).to.include({ outcome: 'superseded', supersedes: first.body.certificateId });
        expect(second.body.verifiableCredential.expirationDate).to.equal(later);
        const reissued = await request(api.app).post(`/admin/certificates/${second.body.certificateId}/reissue`)
          .set('Authorization', `Bearer ${TOKENS.kasun}`).send({ reason: 'lost card' }).expect(201);
        const copy = (await request(api.app).get(`/certificates/${reissued.body.certificate.certificateId}?dob=${sent.credentialSubject.dob}`).expect(200)).body;
        expect(copy.expirationDate).to.equal(later);
        expect((await verify({ verifiableCredential: copy }).expect(200)).body.verified).to.equal(true);
      });

      it('should issue a test result credential, and keep taking the record body', async () => {
        const test = callerCredential(api, buildTestResultCredential(mockTestResultRecord(), {
          issuer: { ...api.issuer, credentialFields: FULL_FIELDS }, certificateId: '7K3M-9QXP-2RB4', issuedAt: '2026-01-15T10:00:00Z',
        }));
        const { body } = await issue({ credential: test }).expect(201);
        expect(body.verifiableCredential.type).to.deep.equal(['VerifiableCredential', 'ProofOfTestCertificateCredential']);
        const record = await issue({ sourceKey: 'portal:1', kind: 'vaccination', record: mockVaccinationRecord() }).expect(201);
        expect(record.body.outcome).to.equal('inserted');
      });
    });
  });

  describe('POST /credentials/verify {verifiableCredential, options}', () => {
    it('refuses options it cannot honour with 400 {error} naming the option', async () => {
      const { credential } = await api.issue(1);
      const cases: [unknown, string, string][] = [
        ['x', 'options', 'must be an object'],
        [{ challenge: 'abc' }, 'options.challenge', 'not supported'],
        [{ domain: 'example.org' }, 'options.domain', 'not supported'],
        [{ checks: 'proof' }, 'options.checks', 'must be an array'],
        [{ checks: ['proof', 'vibes'] }, 'options.checks[1]', 'must be one of'],
        [{ expectedProofPurpose: 'authentication' }, 'options.expectedProofPurpose', 'assertionMethod'],
        [{ returnCredential: true }, 'options.returnCredential', 'is not a known field'],
      ];
      for (const [options, field, message] of cases) {
        const response = await verify({ verifiableCredential: credential, options }).expect(400);
        expect(response.body.error, field).to.include({ code: 'invalid_input', field });
        expect(response.body.error.message, field).to.contain(message);
      }
    });

    it('should run every check whatever options.checks names: a revoked credential fails with checks ["proof"]', async () => {
      const { certificateId, credential } = await api.issue(1);
      const options = { checks: ['proof', 'credentialStatus'], expectedProofPurpose: 'assertionMethod' };
      expect((await verify({ verifiableCredential: credential, options }).expect(200)).body.verified).to.equal(true);
      await request(api.app).post(`/admin/certificates/${certificateId}/revoke`).set('Authorization', `Bearer ${TOKENS.amara}`)
        .send({ reason: 'issued in error' }).expect(200);
      const revoked = await verify({ verifiableCredential: credential, options: { checks: ['proof'] } }).expect(400);
      expect(revoked.body).to.include({ verified: false });
      expect(revoked.body.errors[0]).to.include({ check: 'status', code: 'revoked' });
    });
  });
});
