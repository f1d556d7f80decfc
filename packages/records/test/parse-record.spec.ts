import { expect } from 'chai';
import { parseHealthRecord, parseTestResultRecord, parseVaccinationRecord } from '@healthcred/records';
import { HealthcredError } from '@healthcred/errors';
import type { TestResultRecord } from '@healthcred/types';
import { mockTestResultRecord, mockVaccinationRecord, UNICODE_NAMES } from '@healthcred/testing';

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

  it('should accept names of every script, with the joiners Sinhala, Indic and Persian spelling needs', () => {
    // ශ්‍රී, ක්‍රිෂාන් and नन्‍हा hold a zero-width joiner (U+200D), می‌خواهم a zero-width non-joiner (U+200C).
    for (const name of [...Object.values(UNICODE_NAMES), 'ශ්‍රී ලංකා', 'ක්‍රිෂාන්', 'नन्‍हा', 'می‌خواهم', 'محمد علي', 'שרה כהן', 'Zoë O\u2019Brien']) {
      const json = mockVaccinationRecord();
      json.recipient.name = name;
      expect(parseVaccinationRecord(json).recipient.name).to.equal(name);
    }
  });

  it('should accept a vaccination on the day of birth, dose 3 of 3, and protection ending in the future', () => {
    const json = mockVaccinationRecord();
    Object.assign(json.vaccination, { date: '1985-04-12T00:30:00+05:30', dose: 3, totalDoses: 3, effectiveStart: '1985-05-01', effectiveUntil: '2999-01-01' });
    expect(parseVaccinationRecord(json).vaccination).to.include({ dose: 3, effectiveUntil: '2999-01-01' });
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
      ['a birth date in 2999', (j) => { j.recipient.dob = '2999-01-01'; }, 'record.recipient.dob', /must not be in the future/],
      ['a birth date before 1900', (j) => { j.recipient.dob = '1899-12-31'; }, 'record.recipient.dob', /must not be before 1900/],
      ['a vaccination in 1800', (j) => { j.vaccination.date = '1800-06-15'; }, 'record.vaccination.date', /must not be before 1900/],
      ['a vaccination next year', (j) => { j.vaccination.date = `${new Date().getUTCFullYear() + 1}-06-15T09:30:00Z`; },
        'record.vaccination.date', /must not be in the future/],
      ['a vaccination before the birth date', (j) => { j.vaccination.date = '1985-04-11T23:00:00+05:30'; },
        'record.vaccination.date', /must not be before record\.recipient\.dob/],
      ['dose 3 of 2', (j) => { j.vaccination.dose = 3; j.vaccination.totalDoses = 2; }, 'record.vaccination.dose',
        /must not be above record\.vaccination\.totalDoses/],
      ['an end of protection before its start', (j) => { j.vaccination.effectiveStart = '2021-07-01'; j.vaccination.effectiveUntil = '2021-06-30'; },
        'record.vaccination.effectiveUntil', /must not be before record\.vaccination\.effectiveStart/],
      ['a NUL in the name', (j) => { j.recipient.name = 'Sunil\u0000Perera'; }, 'record.recipient.name', /control, invisible formatting or text-direction/],
      ['a line break in the batch', (j) => { j.vaccination.batch = '4121\nZ025'; }, 'record.vaccination.batch', /control/],
      ['an escape sequence in the facility', (j) => { j.facility.name = 'MOH \u001b[31mOffice'; }, 'record.facility.name', /control/],
      ['a C1 control in the address', (j) => { j.recipient.address.streetAddress = '12 Galle\u0085Road'; }, 'record.recipient.address.streetAddress', /control/],
      ['a right-to-left override in the name', (j) => { j.recipient.name = 'Sunil \u202Earerep'; }, 'record.recipient.name', /text-direction/],
      ['a bidi isolate in the vaccine', (j) => { j.vaccination.vaccine = 'COVI\u2066SHIELD\u2069'; }, 'record.vaccination.vaccine', /text-direction/],
      ['a zero-width space in the refId', (j) => { j.recipient.refId = 'PQfM\u200BcpmXeFE'; }, 'record.recipient.refId', /invisible/],
      ['a lone surrogate in the verifier', (j) => { j.verifier.name = 'Dr. \uD800 Fernando'; }, 'record.verifier.name', /control/],
      ['a private-use character in the country', (j) => { j.facility.address.addressCountry = 'L\uE000K'; },
        'record.facility.address.addressCountry', /control/],
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

    it('rejects a date more than a day after the clock it is given, and takes one up to a day ahead', () => {
      const json = mockVaccinationRecord({ vaccination: { ...mockVaccinationRecord().vaccination, date: '2021-06-17' } });
      expect(failure(() => parseVaccinationRecord(json, { now: new Date('2021-06-15T23:59:59Z') })).field)
        .to.equal('record.vaccination.date');
      expect(parseVaccinationRecord(json, { now: new Date('2021-06-16T00:00:00Z') }).vaccination.date).to.equal('2021-06-17');
    });

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

  it('rejects a sample before 1900 or in the future, and a result before its sample', () => {
    const cases: [Partial<TestResultRecord['test']>, string, RegExp][] = [
      [{ sampleCollectionTimestamp: '1850-08-01T08:15:00Z', resultTimestamp: '1850-08-01T20:40:00Z' }, 'record.test.sampleCollectionTimestamp', /before 1900/],
      [{ sampleCollectionTimestamp: '2999-08-01T08:15:00Z', resultTimestamp: undefined }, 'record.test.sampleCollectionTimestamp', /in the future/],
      [{ resultTimestamp: '2999-08-01T20:40:00Z' }, 'record.test.resultTimestamp', /in the future/],
      [{ resultTimestamp: '2021-08-01T08:14:59+05:30' }, 'record.test.resultTimestamp', /must not be before record\.test\.sampleCollectionTimestamp/],
      [{ sampleCollectionTimestamp: '1992-11-02T10:00:00Z', resultTimestamp: undefined }, 'record.test.sampleCollectionTimestamp', /before record\.recipient\.dob/],
    ];
    for (const [change, field, message] of cases) {
      const json = mockTestResultRecord();
      json.test = { ...json.test, ...change };
      const error = failure(() => parseTestResultRecord(json));
      expect(error.field, JSON.stringify(change)).to.equal(field);
      expect(error.message).to.match(message);
    }
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
