import { expect } from 'chai';
import { parseHealthRecord, parseTestResultRecord, parseVaccinationRecord } from '@healthcred/credentials';
import { HealthcredError } from '@healthcred/errors';
import { mockTestResultRecord, mockVaccinationRecord } from './fixtures/records.js';

function failure(read: () => unknown): HealthcredError {
  try {
    read();
  } catch (error) {
    expect(error).to.be.instanceOf(HealthcredError);
    return error as HealthcredError;
  }
  throw new Error('expected the record to be refused');
}

describe('parseVaccinationRecord()', () => {
  it('should accept a complete record and keep its values', () => {
    const record = parseVaccinationRecord(mockVaccinationRecord());
    expect(record).to.deep.equal(mockVaccinationRecord());
  });

  it('should accept a record without the optional fields', () => {
    const json = mockVaccinationRecord();
    delete json.verifier;
    delete json.recipient.address;
    delete json.recipient.gender;
    delete json.vaccination.icd11Code;
    expect(parseVaccinationRecord(json).recipient).to.not.have.property('address');
  });

  it('should trim surrounding spaces from strings', () => {
    const json = mockVaccinationRecord();
    json.recipient.name = '  Kamal Silva ';
    expect(parseVaccinationRecord(json).recipient.name).to.equal('Kamal Silva');
  });

  describe('negative', () => {
    const cases: [string, (json: any) => void, string, RegExp][] = [
      ['a missing dose', (j) => delete j.vaccination.dose, 'record.vaccination.dose', /is required/],
      ['a dose given as text', (j) => { j.vaccination.dose = 'two'; }, 'record.vaccination.dose', /integer/],
      ['dose 0', (j) => { j.vaccination.dose = 0; }, 'record.vaccination.dose', /at least 1/],
      ['an impossible birth date', (j) => { j.recipient.dob = '1985-02-30'; }, 'record.recipient.dob', /YYYY-MM-DD/],
      ['a birth date in another format', (j) => { j.recipient.dob = '12/04/1985'; }, 'record.recipient.dob', /YYYY-MM-DD/],
      ['a vaccination date that is not a date', (j) => { j.vaccination.date = 'yesterday'; }, 'record.vaccination.date', /date/],
      ['an empty name', (j) => { j.recipient.name = '   '; }, 'record.recipient.name', /empty/],
      ['a 10,000 character name', (j) => { j.recipient.name = 'x'.repeat(10_000); }, 'record.recipient.name', /at most/],
      ['a misspelt field', (j) => { j.vaccination.manufacterer = 'x'; }, 'record.vaccination.manufacterer', /not a known field/],
      ['a facility without a country', (j) => delete j.facility.address.addressCountry, 'record.facility.address.addressCountry', /required/],
      ['an array instead of an object', (j) => { j.recipient = []; }, 'record.recipient', /object/],
    ];
    for (const [what, change, field, message] of cases) {
      it(`rejects the record when it has ${what}, naming ${field}`, () => {
        const json = mockVaccinationRecord();
        change(json);
        const error = failure(() => parseVaccinationRecord(json));
        expect(error.code).to.equal('invalid_input');
        expect(error.field).to.equal(field);
        expect(error.message).to.match(message).and.to.contain(field);
      });
    }

    it('rejects a value that is not an object at all', () => {
      expect(failure(() => parseVaccinationRecord('hello')).message).to.equal('record: must be an object.');
      expect(failure(() => parseVaccinationRecord(null)).message).to.equal('record: is required.');
    });

    it('does not echo the offending value, which may be personal data', () => {
      const json = mockVaccinationRecord();
      json.recipient.dob = '1985-13-45 Sunil';
      expect(failure(() => parseVaccinationRecord(json)).message).to.not.contain('Sunil');
    });
  });
});

describe('parseTestResultRecord()', () => {
  it('should accept a complete record', () => {
    expect(parseTestResultRecord(mockTestResultRecord())).to.deep.equal(mockTestResultRecord());
  });

  it('rejects an unknown result value, listing the allowed ones', () => {
    const json: any = mockTestResultRecord();
    json.test.result = 'negative-ish';
    const error = failure(() => parseTestResultRecord(json));
    expect(error.field).to.equal('record.test.result');
    expect(error.message).to.contain('Negative, Positive, Inconclusive');
  });

  it('rejects a sample time without a time of day', () => {
    const json: any = mockTestResultRecord();
    json.test.sampleCollectionTimestamp = '2021-08-01';
    expect(failure(() => parseTestResultRecord(json)).field).to.equal('record.test.sampleCollectionTimestamp');
  });
});

describe('parseHealthRecord()', () => {
  it('should tell the two kinds apart', () => {
    expect(parseHealthRecord(mockVaccinationRecord()).kind).to.equal('vaccination');
    expect(parseHealthRecord(mockTestResultRecord()).kind).to.equal('test-result');
  });

  it('rejects a record with neither kind of event', () => {
    const json: any = mockVaccinationRecord();
    delete json.vaccination;
    expect(failure(() => parseHealthRecord(json)).message).to.contain('exactly one of "vaccination" or "test"');
  });
});
