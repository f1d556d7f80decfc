import { expect } from 'chai';
import { buildDccPayload, loadDefaultDccValueSets, parseDccValueSets, type BuildDccPayloadOptions } from '@healthcred/dcc';
import { expectHealthcredError } from './fixtures/expect-error.js';
import { mockTestRecord, mockVaccinationRecord, TEST_UVCI, testResult, vaccination } from './fixtures/records.js';
import { dccSchemaValidator } from './fixtures/schema.js';

const validate = dccSchemaValidator();

function options(overrides: Partial<BuildDccPayloadOptions> = {}): BuildDccPayloadOptions {
  return { record: vaccination(), country: 'LK', issuer: 'Ministry of Health, Sri Lanka', uvci: TEST_UVCI,
    valueSets: loadDefaultDccValueSets(), ...overrides };
}

function expectSchemaValid(payload: unknown): void {
  expect(validate(payload), JSON.stringify(validate.errors)).to.equal(true);
}

describe('buildDccPayload()', () => {
  it('should build a vaccination DCC that validates against the EU DCC schema 1.3.0', () => {
    const payload = buildDccPayload(options());
    expectSchemaValid(payload);
    expect(payload).to.deep.equal({
      ver: '1.3.0', nam: { fn: 'Perera', fnt: 'PERERA', gn: 'Nimal', gnt: 'NIMAL' }, dob: '1980-02-03',
      v: [{ tg: '840539006', vp: '29061000087103', mp: 'EU/1/21/1529', ma: 'ORG-100001699', dn: 1, sd: 2,
        dt: '2021-06-01', co: 'LK', is: 'Ministry of Health, Sri Lanka', ci: TEST_UVCI }],
    });
  });

  it('should build a test DCC (NAAT) with sc in UTC that validates against the schema', () => {
    const payload = buildDccPayload(options({ record: testResult() }));
    expectSchemaValid(payload);
    expect('t' in payload && payload.t[0]).to.deep.equal({ tg: '840539006', tt: 'LP6464-4', nm: 'Allplex SARS-CoV-2',
      sc: '2021-06-01T04:00:00Z', tr: '260415000', tc: 'Lanka Hospitals Laboratory', co: 'LK',
      is: 'Ministry of Health, Sri Lanka', ci: TEST_UVCI });
  });

  it('should use the whole name as the family name when the record has no name parts', () => {
    const record = mockVaccinationRecord();
    delete record.recipient.givenName;
    delete record.recipient.familyName;
    record.recipient.name = 'Müller-Lüdenscheidt Ørsted';
    const payload = buildDccPayload(options({ record: vaccination(record) }));
    expect(payload.nam).to.deep.equal({ fn: 'Müller-Lüdenscheidt Ørsted', fnt: 'MUELLER<LUEDENSCHEIDT<OERSTED' });
    expectSchemaValid(payload);
  });

  it('should keep the original Unicode in fn/gn and the ICAO form in fnt/gnt', () => {
    const record = mockVaccinationRecord();
    Object.assign(record.recipient, { name: 'Đặng Văn Hương', familyName: 'Đặng', givenName: 'Văn Hương' });
    const payload = buildDccPayload(options({ record: vaccination(record) }));
    expect(payload.nam).to.deep.equal({ fn: 'Đặng', fnt: 'DANG', gn: 'Văn Hương', gnt: 'VAN<HUONG' });
    expectSchemaValid(payload);
  });

  it("should take fnt/gnt from the record's Latin forms for Sinhala, Tamil and Lao names and keep the script in fn/gn", () => {
    const names = [
      { name: 'කමල් පෙරේරා', givenName: 'කමල්', familyName: 'පෙරේරා', latinGivenName: 'Kamal', latinFamilyName: 'Perera' },
      { name: 'கணேசன் சுப்பிரமணியம்', givenName: 'கணேசன்', familyName: 'சுப்பிரமணியம்', latinGivenName: 'Ganesan',
        latinFamilyName: 'Subramaniam' },
      { name: 'ສົມພອນ ວົງສະຫວັນ', givenName: 'ສົມພອນ', familyName: 'ວົງສະຫວັນ', latinGivenName: 'Somphone',
        latinFamilyName: 'Vongsavanh' },
    ];
    for (const parts of names) {
      const record = mockVaccinationRecord();
      Object.assign(record.recipient, parts);
      const payload = buildDccPayload(options({ record: vaccination(record) }));
      expect(payload.nam).to.deep.equal({ fn: parts.familyName, fnt: parts.latinFamilyName.toUpperCase(), gn: parts.givenName,
        gnt: parts.latinGivenName.toUpperCase() });
      expectSchemaValid(payload);
    }
  });

  it('should transliterate a Latin form with accents and spaces as ICAO 9303 does, and a Latin family name alone', () => {
    const record = mockVaccinationRecord();
    Object.assign(record.recipient, { name: 'ສົມພອນ', familyName: 'ສົມພອນ', latinFamilyName: "Sòm-Phón D'Ávila" });
    delete record.recipient.givenName;
    const payload = buildDccPayload(options({ record: vaccination(record) }));
    expect(payload.nam).to.deep.equal({ fn: 'ສົມພອນ', fnt: 'SOM<PHON<DAVILA' });
    expectSchemaValid(payload);
  });

  it('should give only the year of an estimated birth date', () => {
    const record = mockVaccinationRecord();
    Object.assign(record.recipient, { dob: '1954-01-01', dobEstimated: true });
    const payload = buildDccPayload(options({ record: vaccination(record) }));
    expect(payload.dob).to.equal('1954');
    expectSchemaValid(payload);
  });

  it('should pass a local vaccine through with its local name when allowLocalCodes is set', () => {
    const valueSets = { ...loadDefaultDccValueSets(), allowLocalCodes: true };
    const record = mockVaccinationRecord();
    Object.assign(record.vaccination, { vaccine: 'Soberana 02', manufacturer: 'Finlay Institute' });
    const payload = buildDccPayload(options({ record: vaccination(record), valueSets }));
    expect('v' in payload && payload.v[0]).to.include({ mp: 'Soberana 02', ma: 'Finlay Institute', vp: '28531000087107' });
    expectSchemaValid(payload);
  });

  it('should put the EU device id of a mapped rapid antigen test in ma', () => {
    const valueSets = parseDccValueSets({ diseases: [{ names: ['COVID-19'], tg: '840539006' }],
      testTypes: [{ names: ['Rapid antigen'], tt: 'LP217198-3' }], testDevices: [{ names: ['Allplex SARS-CoV-2'], ma: '1232' }] });
    const rapid = mockTestRecord();
    rapid.test.testType = 'Rapid antigen';
    const payload = buildDccPayload(options({ record: testResult(rapid), valueSets }));
    expect('t' in payload && payload.t[0]).to.include({ tt: 'LP217198-3', ma: '1232' });
    expectSchemaValid(payload);
  });

  it('should have a schema oracle that rejects a lower-case fnt and a missing dob', () => {
    const payload = buildDccPayload(options());
    expect(validate({ ...payload, nam: { fnt: 'Perera' } })).to.equal(false);
    const { dob: _dob, ...noDob } = payload;
    expect(validate(noDob)).to.equal(false);
  });

  describe('negative', () => {
    it('rejects a local vaccine without an EU code, naming vaccination.vaccine (no guess)', () => {
      const record = mockVaccinationRecord();
      record.vaccination.vaccine = 'Soberana 02';
      const error = expectHealthcredError(() => buildDccPayload(options({ record: vaccination(record) })),
        'invalid_input', 'vaccination.vaccine');
      expect(error.message).to.contain('Soberana 02').and.to.contain('allowLocalCodes');
    });

    it('rejects a Sinhala name without a Latin form, naming the field and saying what to give', () => {
      const record = mockVaccinationRecord();
      Object.assign(record.recipient, { name: 'කමල් පෙරේරා', givenName: 'කමල්', familyName: 'පෙරේරා' });
      const error = expectHealthcredError(() => buildDccPayload(options({ record: vaccination(record) })), 'invalid_input',
        'recipient.familyName');
      expect(error.message).to.contain('U+0DB4').and.to.contain('recipient.latinFamilyName');
      delete record.recipient.familyName;
      delete record.recipient.givenName;
      expectHealthcredError(() => buildDccPayload(options({ record: vaccination(record) })), 'invalid_input', 'recipient.name');
    });

    it('rejects a Sinhala given name when only the family name has a Latin form, naming recipient.givenName', () => {
      const record = mockVaccinationRecord();
      Object.assign(record.recipient, { name: 'කමල් පෙරේරා', givenName: 'කමල්', familyName: 'පෙරේරා', latinFamilyName: 'Perera' });
      expectHealthcredError(() => buildDccPayload(options({ record: vaccination(record) })), 'invalid_input', 'recipient.givenName');
    });

    it('rejects a Latin form that transliterates to nothing or to more than 80 characters, naming it', () => {
      const record = mockVaccinationRecord();
      Object.assign(record.recipient, { name: 'කමල් පෙරේරා', givenName: 'කමල්', familyName: 'පෙරේරා', latinFamilyName: "'.",
        latinGivenName: 'Kamal' });
      expectHealthcredError(() => buildDccPayload(options({ record: vaccination(record) })), 'invalid_input', 'recipient.latinFamilyName');
      Object.assign(record.recipient, { latinFamilyName: 'Perera', latinGivenName: 'Ka'.repeat(41) });
      expectHealthcredError(() => buildDccPayload(options({ record: vaccination(record) })), 'invalid_input', 'recipient.latinGivenName');
    });

    it('rejects an inconclusive test, an unknown disease and a rapid test without a device id', () => {
      const inconclusive = mockTestRecord();
      inconclusive.test.result = 'Inconclusive';
      expectHealthcredError(() => buildDccPayload(options({ record: testResult(inconclusive) })), 'invalid_input', 'test.result');
      const measles = mockTestRecord();
      measles.test.disease = 'Measles';
      expectHealthcredError(() => buildDccPayload(options({ record: testResult(measles) })), 'invalid_input', 'test.disease');
      const rapid = mockTestRecord();
      rapid.test.testType = 'Rapid antigen';
      expectHealthcredError(() => buildDccPayload(options({ record: testResult(rapid) })), 'invalid_input', 'test.testName');
    });

    it('rejects a sample time without a time zone, a bad country, a bad UVCI and a long issuer', () => {
      const local = mockTestRecord();
      local.test.sampleCollectionTimestamp = '2021-06-01T09:30:00';
      expectHealthcredError(() => buildDccPayload(options({ record: testResult(local) })), 'invalid_input',
        'test.sampleCollectionTimestamp');
      expectHealthcredError(() => buildDccPayload(options({ country: 'Sri Lanka' })), 'invalid_input', 'country');
      expectHealthcredError(() => buildDccPayload(options({ uvci: 'URN:UVCI:01:NL:187/37512422923#Y' })), 'invalid_input', 'uvci');
      expectHealthcredError(() => buildDccPayload(options({ issuer: 'x'.repeat(81) })), 'invalid_input', 'issuer');
    });
  });
});
