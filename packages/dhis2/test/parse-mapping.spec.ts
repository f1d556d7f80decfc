import { expect } from 'chai';
import { loadDefaultDhis2Mapping, parseDhis2Mapping } from '@healthcred/dhis2';
import { defaultMappingJson, exampleJson } from '@healthcred/testing';
import { expectInvalid } from './fixtures/expect-invalid.js';

type Json = Record<string, any>;

function mappingJson(edit: (json: Json) => void = () => {}): Json {
  const json = defaultMappingJson();
  edit(json);
  return json;
}

describe('parseDhis2Mapping()', () => {
  it('should read the shipped COVAC mapping and freeze it', () => {
    const mapping = parseDhis2Mapping(mappingJson(), 'covac-eir.json');
    expect(mapping.vaccinationStages).to.deep.equal(['a1jCssI2LkW']);
    expect(mapping.vaccination.doseNumber).to.deep.equal(['LUIsbsm3okG']);
    expect(Object.isFrozen(mapping.vaccines[0])).to.equal(true);
  });

  it('should read the example mapping of a fictional country', () => {
    const mapping = parseDhis2Mapping(exampleJson('mapping-example.json'), 'mapping-example.json');
    expect(mapping.recipient.name).to.deep.equal(['LmFullNam02', 'LmFullNam01']);
    expect(mapping.orgUnits.LmClinic001?.address.addressCountry).to.equal('Lumeria');
    expect(mapping.acceptNumericDose).to.equal(true);
  });

  it('should upper-case option codes so that matching is case-insensitive', () => {
    const mapping = parseDhis2Mapping(mappingJson((json) => {
      json.doseOptions = { dose1: { dose: 1 }, Booster: { booster: 1 } };
      json.vaccines[0].codes = ['astrazeneca'];
    }), 'm.json');
    expect(Object.keys(mapping.doseOptions)).to.deep.equal(['DOSE1', 'BOOSTER']);
    expect(mapping.vaccines[0]?.codes).to.deep.equal(['ASTRAZENECA']);
  });

  it('should default the name order, optional lists and numeric doses', () => {
    const mapping = parseDhis2Mapping(mappingJson((json) => {
      delete json.recipient.nameOrder;
      delete json.recipient.sex;
      delete json.orgUnits;
    }), 'm.json');
    expect(mapping.recipient.nameOrder).to.equal('given-family');
    expect(mapping.recipient.sex).to.deep.equal([]);
    expect(mapping.acceptNumericDose).to.equal(false);
    expect(mapping.orgUnits).to.deep.equal({});
  });

  describe('negative', () => {
    it('rejects a mapping without a dose number data element, naming the source and the field', () => {
      const error = expectInvalid(() => parseDhis2Mapping(mappingJson((json) => { delete json.vaccination.doseNumber; }),
        'covac.json'), 'covac.json: ', 'mapping.vaccination.doseNumber', 'is required');
      expect(error.field).to.equal('mapping.vaccination.doseNumber');
    });

    it('rejects a UID that is not a DHIS2 UID', () => {
      expectInvalid(() => parseDhis2Mapping(mappingJson((json) => { json.vaccination.batch = ['Yp1F4txx8t']; }), 'm.json'),
        'mapping.vaccination.batch[0]', 'DHIS2 UID');
    });

    it('rejects the national ID attribute mapped as a printed field', () => {
      expectInvalid(() => parseDhis2Mapping(mappingJson((json) => { json.recipient.lastName = ['Ewi7FUfcHAD']; }),
        'm.json'), 'Ewi7FUfcHAD', 'already mapped to recipient.lastName');
    });

    it('rejects an unknown key', () => {
      expectInvalid(() => parseDhis2Mapping(mappingJson((json) => { json.vacines = []; }), 'm.json'),
        'mapping.vacines', 'is not a known field');
    });

    it('rejects option codes repeated in another case', () => {
      expectInvalid(() => parseDhis2Mapping(mappingJson((json) => {
        json.sexOptions = { FEMALE: 'Female', female: 'F' };
      }), 'm.json'), 'mapping.sexOptions.female', 'repeats an option code');
    });

    it('rejects a vaccine code listed by two vaccines', () => {
      expectInvalid(() => parseDhis2Mapping(mappingJson((json) => { json.vaccines[1].codes.push('astrazeneca'); }),
        'm.json'), 'mapping.vaccines[1].codes', 'ASTRAZENECA');
    });

    it('rejects a vaccine without a manufacturer when no manufacturer data element is mapped', () => {
      expectInvalid(() => parseDhis2Mapping(mappingJson((json) => { delete json.vaccination.manufacturer; }), 'm.json'),
        'mapping.vaccines[0].manufacturer', 'is required');
    });

    it('rejects a dose option that is both a dose and a booster', () => {
      expectInvalid(() => parseDhis2Mapping(mappingJson((json) => { json.doseOptions.DOSE1 = { dose: 1, booster: 1 }; }),
        'm.json'), 'mapping.doseOptions.DOSE1', 'exactly one');
    });

    it('rejects a mapping with no way to read the name or the birth date', () => {
      expectInvalid(() => parseDhis2Mapping(mappingJson((json) => {
        delete json.recipient.firstName;
        delete json.recipient.lastName;
      }), 'm.json'), 'mapping.recipient.name', 'is required');
      expectInvalid(() => parseDhis2Mapping(mappingJson((json) => { delete json.recipient.birthDate; }), 'm.json'),
        'mapping.recipient.birthDate', 'is required');
    });

    it('rejects an org unit key that is not a UID and a facility without a name', () => {
      expectInvalid(() => parseDhis2Mapping(mappingJson((json) => { json.orgUnits = { 'not-a-uid': { name: 'X' } }; }),
        'm.json'), 'mapping.orgUnits.not-a-uid');
      expectInvalid(() => parseDhis2Mapping(mappingJson((json) => { json.orgUnits = { DiszpKrYNg8: {} }; }),
        'm.json'), 'mapping.orgUnits.DiszpKrYNg8.name', 'is required');
    });

    it('rejects JSON that is not an object', () => {
      expectInvalid(() => parseDhis2Mapping([], 'm.json'), 'mapping: must be an object');
      expectInvalid(() => parseDhis2Mapping(null, 'm.json'), 'mapping: is required');
    });
  });
});

describe('loadDefaultDhis2Mapping()', () => {
  it('should load the COVAC EIR mapping with the package version in its source', () => {
    const mapping = loadDefaultDhis2Mapping();
    expect(mapping.programs).to.deep.equal(['yDuAzyqYABS']);
    expect(mapping.recipient.nationalId).to.deep.equal(['Ewi7FUfcHAD']);
    expect(mapping.source).to.contain('CVC_EIR_TRK_1.2.0');
    expect(mapping.vaccines.map((vaccine) => vaccine.icd11Code)).to.deep.equal(
      ['XM9QW8', 'XM0GQ8', 'XM0GQ8', 'XM9QW8', 'XM1NL1']);
  });
});
