import { expect } from 'chai';
import request from 'supertest';
import { DOB, startApi, type TestApi } from './fixtures/api.js';
import { binary, dccEnv } from './fixtures/dcc-env.js';
import { mockVaccinationRecord } from '@healthcred/testing';

const SD = 'http://smart.who.int/ddcc/StructureDefinition/';

describe('API: GET /certificates/{id}/ddcc.json (WHO DDCC:VS, IG v1.0.1)', () => {
  let api: TestApi;
  beforeEach(() => {
    api = startApi(dccEnv());
  });
  afterEach(() => api.close());

  const ddcc = (id: string) => request(api.app).get(`/certificates/${id}/ddcc.json?dob=${DOB}`);

  describe('negative', () => {
    it('answers 422 naming the field for a vaccine with no ICD-11 and no EU code, which DDCCImmunization needs', async () => {
      const record = mockVaccinationRecord();
      delete record.vaccination.icd11Code;
      record.vaccination.vaccine = 'LOCALVAX';
      const { certificateId } = await api.issue(1, record);
      const refused = await ddcc(certificateId).expect(422);
      expect(refused.body.error).to.include({ code: 'invalid_input', field: 'vaccination.icd11Code' });
      expect(refused.body.error.message).to.match(/^This certificate cannot be a WHO DDCC:VS: vaccination\.icd11Code: /);
    });
  });

  it('should give the bundle with the v1.0.1 profiles, the alpha-3 country and validFrom as a date', async () => {
    const { certificateId } = await api.issue(2);
    const response = await ddcc(certificateId).buffer(true).parse(binary).expect(200).expect('Content-Type', /^application\/fhir\+json/);
    const bundle = JSON.parse((response.body as Buffer).toString('utf8'));
    expect(bundle.meta.profile).to.deep.equal([`${SD}DDCCVSDocument`]);
    const immunization = bundle.entry.map((e: { resource: any }) => e.resource).find((r: any) => r.resourceType === 'Immunization');
    expect(immunization.meta.profile).to.deep.equal([`${SD}DDCCImmunization`]);
    expect(immunization.extension).to.deep.include({ url: `${SD}DDCCCountryOfEvent`, valueCode: 'LKA' });
    // The credential's effectiveStart defaults to the vaccination date, 2021-06-15T09:30 UTC.
    expect(immunization.extension).to.deep.include({ url: `${SD}DDCCVaccineValidFrom`, valueDate: '2021-06-15' });
    expect(immunization.extension.map((e: { url: string }) => e.url)).to.include(`${SD}DDCCEventBrand`);
  });
});
