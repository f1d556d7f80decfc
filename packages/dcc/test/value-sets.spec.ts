import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { buildDccPayload, loadDefaultDccValueSets, parseDccValueSets } from '@healthcred/dcc';
import { expectHealthcredError } from './fixtures/expect-error.js';
import { mockVaccinationRecord, TEST_UVCI, vaccination } from './fixtures/records.js';

/** The vaccine option codes and names of the default DHIS2 COVAC mapping. */
function covacVaccines(): Array<{ codes: string[]; name: string }> {
  const url = new URL('../../dhis2/mappings/covac-eir.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { vaccines: Array<{ codes: string[]; name: string }> }).vaccines;
}

function entryFor(vaccine: string) {
  const record = mockVaccinationRecord();
  record.vaccination.vaccine = vaccine;
  const payload = buildDccPayload({ record: vaccination(record), country: 'LK', issuer: 'MoH', uvci: TEST_UVCI,
    valueSets: loadDefaultDccValueSets() });
  return 'v' in payload ? payload.v[0] : expect.fail('no v entry');
}

describe('loadDefaultDccValueSets()', () => {
  it('should map every vaccine name and option code of the default DHIS2 COVAC mapping', () => {
    const vaccines = covacVaccines();
    expect(vaccines).to.have.length.greaterThan(4);
    for (const vaccine of vaccines) {
      for (const name of [vaccine.name, ...vaccine.codes]) expect(entryFor(name).mp, name).to.be.a('string');
    }
  });

  it('should use the EU codes of the EU value sets', () => {
    expect(entryFor('BNT162b2 / COMIRNATY Tozinameran (INN) / BioNTech/Pfizer'))
      .to.include({ tg: '840539006', vp: '1119349007', mp: 'EU/1/20/1528', ma: 'ORG-100030215' });
    expect(entryFor('mRNA-1273 / Moderna')).to.include({ vp: '1119349007', mp: 'EU/1/20/1507', ma: 'ORG-100031184' });
    expect(entryFor('AZD1222 / AstraZeneca')).to.include({ vp: '29061000087103', mp: 'EU/1/21/1529', ma: 'ORG-100001699' });
    expect(entryFor('Sputnik V / Gamaleya')).to.include({ mp: 'Sputnik-V', ma: 'Gamaleya-Research-Institute' });
    expect(entryFor('SARS-CoV-2 Vaccine (VeroCell), Inactivated / Sinopharm'))
      .to.include({ vp: '1157024006', mp: 'BBIBP-CorV', ma: 'ORG-100020693' });
    expect(entryFor('JANSSEN')).to.include({ mp: 'EU/1/20/1525', ma: 'ORG-100001417' });
    expect(entryFor('covaxin')).to.include({ mp: 'Covaxin', ma: 'Bharat-Biotech' });
    expect(entryFor('COVISHIELD')).to.include({ mp: 'Covishield', ma: 'ORG-100001981' });
  });

  it('should not allow local codes', () => {
    expect(loadDefaultDccValueSets().allowLocalCodes).to.equal(false);
  });
});

describe('parseDccValueSets()', () => {
  const minimal = () => ({
    diseases: [{ names: ['COVID-19'], tg: '840539006' }],
    vaccines: [{ names: ['X'], tg: '840539006', vp: '1119349007', mp: 'EU/1/20/1528', ma: 'ORG-100030215' }],
  });

  it('should default allowLocalCodes to false and the lists to empty', () => {
    expect(parseDccValueSets(minimal())).to.deep.include({ allowLocalCodes: false, testTypes: [], testDevices: [] });
  });

  describe('negative', () => {
    it('rejects a missing or malformed code, naming the field', () => {
      const json = minimal();
      delete (json.vaccines[0] as { mp?: string }).mp;
      const error = expectHealthcredError(() => parseDccValueSets(json), 'invalid_input', 'valueSets.vaccines[0].mp');
      expect(error.message).to.contain('EU/1/20/1528');
      expectHealthcredError(() => parseDccValueSets({ ...minimal(), diseases: [{ names: ['C'], tg: 'covid' }] }),
        'invalid_input', 'valueSets.diseases[0].tg');
      expectHealthcredError(() => parseDccValueSets({ ...minimal(), testTypes: [{ names: ['PCR'], tt: 'PCR' }] }),
        'invalid_input', 'valueSets.testTypes[0].tt');
    });

    it('rejects unknown fields, a non-boolean allowLocalCodes and a name mapped twice', () => {
      expectHealthcredError(() => parseDccValueSets({ ...minimal(), vacines: [] }), 'invalid_input', 'valueSets.vacines');
      expectHealthcredError(() => parseDccValueSets({ ...minimal(), allowLocalCodes: 'yes' }), 'invalid_input',
        'valueSets.allowLocalCodes');
      const twice = minimal();
      twice.vaccines.push({ ...twice.vaccines[0]!, names: [' x '] });
      expectHealthcredError(() => parseDccValueSets(twice), 'invalid_input', 'valueSets.vaccines[1].names');
    });
  });
});
