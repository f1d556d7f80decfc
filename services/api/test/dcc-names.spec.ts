import { expect } from 'chai';
import request from 'supertest';
import { parseTrustList, verifyHc1 } from '@healthcred/dcc';
import { parseDhis2Mapping, parseDhis2Payload, type Dhis2CertificationRequest } from '@healthcred/dhis2';
import { issueCertificate } from '@healthcred/issuance';
import { readQrImage } from '@healthcred/qr';
import { startApi, type TestApi } from './fixtures/api.js';
import { binary, dccEnv } from './fixtures/dcc-env.js';
import {
  BIRTH_DATE, FIRST_NAME, LAST_NAME, UID, doseValues, personValues, trackedEntity, trackerEvent,
} from '@healthcred/testing';
import { defaultMappingJson } from '@healthcred/testing';

/** Tracked entity attributes a registry keeps the Latin forms in (the COVAC package has none). */
const LATIN = { first: 'LtnFirst001', last: 'LtnLast0001' };

/** The COVAC mapping with the Latin form attributes mapped, as a deployment would set it. */
function latinMapping() {
  const json = defaultMappingJson();
  json.recipient = { ...(json.recipient as object), latinFirstName: [LATIN.first], latinLastName: [LATIN.last] };
  return parseDhis2Mapping(json, 'test mapping');
}

/** The one certification request of a DHIS2 tracker payload for a Sinhala-named person, with `extra` attributes. */
function dhis2Request(extra: Record<string, string> = {}): Dhis2CertificationRequest {
  const payload = trackedEntity([trackerEvent({ values: doseValues() })], personValues(extra));
  const { requests } = parseDhis2Payload(payload, latinMapping());
  expect(requests).to.have.length(1);
  return requests[0]!;
}

describe('API: EU DCC names from DHIS2 given, family and Latin names', () => {
  let env: Record<string, string>;
  let api: TestApi;

  before(() => {
    env = dccEnv();
  });
  beforeEach(() => {
    api = startApi(env);
  });
  afterEach(() => api.close());

  const certify = async (certification: Dhis2CertificationRequest) => (await issueCertificate(certification, api)).certificate.certificateId;

  describe('negative', () => {
    it('answers 422 naming the family name when a Sinhala name has no Latin form', async () => {
      const id = await certify(dhis2Request());
      const refused = await request(api.app).get(`/certificates/${id}/dcc.png?dob=${BIRTH_DATE}`).expect(422);
      expect(refused.body.error).to.include({ code: 'invalid_input', field: 'recipient.familyName' });
      expect(refused.body.error.message).to.match(/^This certificate cannot be an EU DCC: recipient\.familyName: .*ICAO 9303/)
        .and.to.contain('recipient.latinFamilyName');
      expect(refused.body.error.message).not.to.contain(LAST_NAME);
    });

    it('answers 422 naming the given name when only the family name has a Latin form', async () => {
      const id = await certify(dhis2Request({ [LATIN.last]: 'Perera' }));
      const refused = await request(api.app).get(`/certificates/${id}/dcc.svg?dob=${BIRTH_DATE}`).expect(422);
      expect(refused.body.error).to.include({ field: 'recipient.givenName' });
    });
  });

  it('should give a holder with Latin forms an HC1 with separate given and family names', async () => {
    const id = await certify(dhis2Request({ [LATIN.first]: 'Kamal', [LATIN.last]: 'Perera' }));
    const png = await request(api.app).get(`/certificates/${id}/dcc.png?dob=${BIRTH_DATE}`).buffer(true).parse(binary).expect(200);
    const hc1 = Buffer.from(readQrImage(png.body as Buffer)).toString('latin1');
    const trustList = parseTrustList((await request(api.app).get('/dcc/trust-list').expect(200)).body);
    const result = verifyHc1({ hc1, trustList, now: new Date() });
    expect(result.errors).to.deep.equal([]);
    expect(result.payload!.nam).to.deep.equal({ fn: LAST_NAME, fnt: 'PERERA', gn: FIRST_NAME, gnt: 'KAMAL' });
    expect(result.payload!.dob).to.equal(BIRTH_DATE);
    const bundle = (await request(api.app).get(`/certificates/${id}/ddcc.json?dob=${BIRTH_DATE}`).expect(200)).body;
    const patient = bundle.entry.map((e: { resource: any }) => e.resource).find((r: any) => r.resourceType === 'Patient');
    expect(patient.name[0]).to.include({ text: `${FIRST_NAME} ${LAST_NAME}`, family: LAST_NAME });
    expect(patient.name[0].given).to.deep.equal([FIRST_NAME]);
  });

  it('should give a Latin name from first and last name attributes as gn and fn, not the whole name as fn', async () => {
    const id = await certify(dhis2Request({ [UID.firstName]: 'Nimal Kumara', [UID.lastName]: 'de Silva' }));
    const png = await request(api.app).get(`/certificates/${id}/dcc.png?dob=${BIRTH_DATE}`).buffer(true).parse(binary).expect(200);
    const hc1 = Buffer.from(readQrImage(png.body as Buffer)).toString('latin1');
    const trustList = parseTrustList((await request(api.app).get('/dcc/trust-list')).body);
    expect(verifyHc1({ hc1, trustList, now: new Date() }).payload!.nam)
      .to.deep.equal({ fn: 'de Silva', fnt: 'DE<SILVA', gn: 'Nimal Kumara', gnt: 'NIMAL<KUMARA' });
  });

  it('should keep a certificate issued before records had name parts as it is when DHIS2 replays the event', async () => {
    const replay = dhis2Request();
    const { givenName: _given, familyName: _family, ...before } = replay.record.recipient;
    const first = await issueCertificate({ ...replay, record: { ...replay.record, recipient: before } }, api);
    const again = await issueCertificate(replay, api);
    expect(again.outcome).to.equal('duplicate');
    expect(again.certificate.certificateId).to.equal(first.certificate.certificateId);
    const withLatin = await issueCertificate(dhis2Request({ [LATIN.first]: 'Kamal', [LATIN.last]: 'Perera' }), api);
    expect(withLatin.outcome, 'Latin forms added in DHIS2 are a correction').to.equal('superseded');
  });
});
