// HEALTHCRED_CREDENTIAL_PROFILE=vc2 end to end through the API: issue, fetch, verify, revoke, verify again; the VC 2.0
// status lists read by the stock Bitstring Status List checker with only what the API publishes.
import { expect } from 'chai';
import request from 'supertest';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import { createDocumentLoader, type DocumentLoader } from '@healthcred/document-loader';
import { encodeCompactQr, encodeCompactQrV3, encodeDivocQr } from '@healthcred/qr';
import { mockVaccinationRecord } from '@healthcred/testing';
import { DOB, ISSUER_URL, TOKENS, startApi, type TestApi } from './fixtures/api.js';

describe('API: the vc2 credential profile (VC 2.0, DataIntegrityProof)', () => {
  let api: TestApi;
  beforeEach(() => {
    api = startApi({ HEALTHCRED_CREDENTIAL_PROFILE: 'vc2' });
  });
  afterEach(() => api.close());

  const verify = async (verifiableCredential: unknown) => (await request(api.app).post('/credentials/verify')
    .send({ verifiableCredential })).body as { verified: boolean; checks: string[]; errors: { check: string; code: string }[] };

  /** An outside verifier's loader: the DID document and the status lists as fetched from the API, and the contexts. */
  async function outsideLoader(): Promise<DocumentLoader> {
    const did = JSON.parse((await request(api.app).get('/.well-known/did.json').expect(200)).text);
    const contexts = createDocumentLoader({ contextBaseUrls: [ISSUER_URL], didDocuments: [did] });
    return async (url) => {
      if (!url.startsWith(`${ISSUER_URL}/status/`)) return contexts(url);
      const response = await request(api.app).get(url.slice(ISSUER_URL.length)).expect(200);
      return { contextUrl: null, documentUrl: url, document: JSON.parse(response.text) };
    };
  }

  it('should issue a VC 2.0 credential, verify it, and after revocation fail the status check', async () => {
    const issued = await request(api.app).post('/credentials/issue').set('Authorization', `Bearer ${TOKENS.issue}`)
      .send({ sourceKey: 'vc2:1', kind: 'vaccination', record: mockVaccinationRecord() }).expect(201);
    const certificateId = String(issued.body.certificateId ?? issued.body.certificate?.certificateId);
    const credential = (await request(api.app).get(`/certificates/${certificateId}?dob=${DOB}`).expect(200)).body;
    expect(credential['@context']).to.deep.equal(['https://www.w3.org/ns/credentials/v2', `${ISSUER_URL}/credentials/vaccination/v3`]);
    expect(credential).to.have.property('validFrom').and.not.to.have.property('issuanceDate');
    expect(credential.proof).to.include({ type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022' });
    expect(credential.credentialStatus.map((entry: { statusListCredential: string }) => entry.statusListCredential))
      .to.deep.equal([`${ISSUER_URL}/status/v2/revocation/1`, `${ISSUER_URL}/status/v2/suspension/1`]);

    const pdf = await request(api.app).get(`/certificates/${certificateId}/pdf?dob=${DOB}`).expect(200);
    expect(pdf.headers['content-type']).to.contain('application/pdf');

    const valid = await verify(credential);
    expect(valid.errors).to.deep.equal([]);
    expect(valid.checks).to.include('status');

    const outside = await outsideLoader();
    const stock = await vc.verifyCredential({
      credential, suite: new DataIntegrityProof({ cryptosuite }), documentLoader: outside,
      checkStatus: (options: object) => checkStatus({ ...options, verifyBitstringStatusListCredential: true, verifyMatchingIssuers: true } as never),
    });
    expect(stock.verified, JSON.stringify(stock.error)).to.equal(true);

    await request(api.app).post(`/admin/certificates/${certificateId}/revoke`).set('Authorization', `Bearer ${TOKENS.amara}`)
      .send({ reason: 'issued to the wrong person' }).expect(200);
    const revoked = await verify(credential);
    expect(revoked.verified).to.equal(false);
    expect(revoked.errors).to.deep.equal([{ check: 'status', code: 'revoked', message: 'The issuer has revoked this credential.' }]);
    const suite = new DataIntegrityProof({ cryptosuite });
    const read = await checkStatus({ credential, documentLoader: await outsideLoader(), suite, verifyBitstringStatusListCredential: true, verifyMatchingIssuers: true });
    expect(read.results.map((result: { status: boolean }) => result.status)).to.deep.equal([true, false]);
  });

  it('should carry a VC 2.0 credential in every QR form (DIVOC zip, compact, CBOR-LD) so that it verifies', async () => {
    const { credential } = await api.issue(1);
    const issuerEntry = { did: api.issuer.did, name: 'x', country: 'LK', didDocument: api.issuer.didDocument, contextBaseUrls: [ISSUER_URL] };
    const payloads = {
      divoc: Buffer.from(encodeDivocQr(credential)).toString('latin1'),
      compact: encodeCompactQr(credential),
      cborld: await encodeCompactQrV3(credential, { issuer: issuerEntry, documentLoader: api.issuer.documentLoader }),
    };
    for (const [format, payload] of Object.entries(payloads)) {
      const response = await request(api.app).post('/verify/qr').send({ payload });
      expect(response.body.errors, format).to.deep.equal([]);
      expect(response.body.verified, format).to.equal(true);
    }
  });

  it('should publish the VC 2.0 lists beside the VC 1.1 ones, and the keys as Multikey beside Ed25519VerificationKey2020', async () => {
    await api.issue(1);
    const { statusLists } = (await request(api.app).get('/status').expect(200)).body;
    expect(statusLists).to.include.members([`${ISSUER_URL}/status/v2/revocation/1`, `${ISSUER_URL}/status/v2/suspension/1`]);
    const list = JSON.parse((await request(api.app).get('/status/v2/suspension/1').expect(200)).text);
    expect(list).to.include({ validFrom: list.validFrom }).and.not.have.property('issuanceDate');
    expect(list['@context']).to.deep.equal(['https://www.w3.org/ns/credentials/v2']);
    expect(list.credentialSubject).to.include({ type: 'BitstringStatusList', statusPurpose: 'suspension' });
    await request(api.app).get('/status/v2/revocation/2').expect(404);
    const did = JSON.parse((await request(api.app).get('/.well-known/did.json').expect(200)).text);
    expect(did.verificationMethod.map((method: { type: string }) => method.type)).to.deep.equal(['Ed25519VerificationKey2020', 'Multikey']);
  });
});
