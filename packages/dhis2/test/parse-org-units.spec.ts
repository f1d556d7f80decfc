import { expect } from 'chai';
import {
  dhis2PayloadOrgUnits, loadDefaultDhis2Mapping, orgUnitFacilities, parseDhis2Mapping, parseDhis2Payload, parseOrgUnitExport,
} from '@healthcred/dhis2';
import { expectInvalid } from './fixtures/expect-invalid.js';
import { defaultMappingJson, exampleJson } from '@healthcred/testing';

const exported = () => exampleJson('metadata/organisation-units.json') as { organisationUnits: Record<string, unknown>[] };

describe('parseOrgUnitExport()', () => {
  describe('negative', () => {
    it('rejects a file that is no org unit export, naming the source', () => {
      expectInvalid(() => parseOrgUnitExport({ dataElements: [] }, 'ou.json'), 'ou.json: export: is not a DHIS2 organisation unit export');
    });

    it('rejects a path that does not end with the unit, or disagrees with level or parent', () => {
      const wrongEnd = exported();
      wrongEnd.organisationUnits[1]!['path'] = '/ZdP6NzT4rLk/Rg4WstrnPv1';
      expectInvalid(() => parseOrgUnitExport(wrongEnd, 'ou.json'), 'organisationUnits[1].path', "must end with the org unit's own UID Rg4NrthPrv1");
      const wrongLevel = exported();
      wrongLevel.organisationUnits[7]!['level'] = 4;
      expectInvalid(() => parseOrgUnitExport(wrongLevel, 'ou.json'), 'organisationUnits[7].level: is 4 but the path has 5 levels');
      const wrongParent = exported();
      wrongParent.organisationUnits[7]!['parent'] = { id: 'Mh2ColmboM1' };
      expectInvalid(() => parseOrgUnitExport(wrongParent, 'ou.json'), 'organisationUnits[7].parent: is not the last ancestor');
    });

    it('rejects a repeated UID, a bad UID and a unit without path whose parent is missing', () => {
      const twice = exported();
      twice.organisationUnits.push({ ...twice.organisationUnits[0] });
      expectInvalid(() => parseOrgUnitExport(twice, 'ou.json'), 'organisationUnits[9].id: repeats the org unit ZdP6NzT4rLk');
      expectInvalid(() => parseOrgUnitExport([{ id: 'bad', name: 'X', path: '/bad' }], 'ou.json'), '[0].id');
      expectInvalid(() => parseOrgUnitExport([{ id: 'Ab345678901', name: 'X', parent: { id: 'Zz345678901' } }], 'ou.json'),
        '[0].path: is required: the parent Zz345678901 is not in the export');
    });
  });

  it('should read the /api/organisationUnits export with levels, paths and parents', () => {
    const units = parseOrgUnitExport(exported(), 'ou.json');
    expect(units).to.have.length(9);
    expect(units.find((unit) => unit.id === 'Bq5nGx2YhWc')).to.deep.equal({
      id: 'Bq5nGx2YhWc', name: 'Jaffna Teaching Hospital', shortName: 'Jaffna TH', code: 'FAC_JTH', level: 5,
      path: '/ZdP6NzT4rLk/Rg4NrthPrv1/Ds7JaffnaD1/Mh2JaffnaM1/Bq5nGx2YhWc', parent: 'Mh2JaffnaM1',
    });
    expect(units[0]).to.not.have.property('parent');
  });

  it('should build paths from parents in a metadata export that has none, and ignore other lists', () => {
    const metadata = { system: { version: '2.40.4' }, dataElements: [{ id: 'x' }],
      organisationUnits: exported().organisationUnits.map(({ path: _path, level: _level, ...rest }) => rest).reverse() };
    const units = parseOrgUnitExport(metadata, 'metadata.json');
    expect(units.find((unit) => unit.id === 'DiszpKrYNg8')?.path).to.equal('/ZdP6NzT4rLk/Rg4WstrnPv1/Ds7ColmboD1/Mh2ColmboM1/DiszpKrYNg8');
    expect(units.find((unit) => unit.id === 'DiszpKrYNg8')?.level).to.equal(5);
  });
});

describe('orgUnitFacilities()', () => {
  it('should name the facility after the unit and the region and district after the configured levels', () => {
    const facilities = orgUnitFacilities({ units: parseOrgUnitExport(exported(), 'ou.json'), mapping: loadDefaultDhis2Mapping() });
    expect(facilities.get('Bq5nGx2YhWc')).to.deep.equal({ name: 'Jaffna Teaching Hospital',
      address: { addressCountry: 'LK', addressRegion: 'Northern Province', district: 'Jaffna' } });
    expect(facilities.get('Rg4NrthPrv1')?.address).to.deep.equal({ addressCountry: 'LK', addressRegion: 'Northern Province' });
  });

  it('should leave out a part whose ancestor is unknown, and take the country from a level when configured', () => {
    const mapping = parseDhis2Mapping({ ...defaultMappingJson(), orgUnitLevels: { addressCountry: 1, district: 3, city: 4 } }, 'm.json');
    const units = parseOrgUnitExport(exported(), 'ou.json').filter((unit) => unit.id !== 'Ds7JaffnaD1');
    expect(orgUnitFacilities({ units, mapping }).get('Bq5nGx2YhWc')?.address)
      .to.deep.equal({ addressCountry: 'Sri Lanka', city: 'MOH Jaffna' });
  });

  it('rejects an unknown level key in the mapping', () => {
    expectInvalid(() => parseDhis2Mapping({ ...defaultMappingJson(), orgUnitLevels: { province: 2 } }, 'm.json'),
      'mapping.orgUnitLevels');
  });
});

describe('parseDhis2Payload() with the org unit directory', () => {
  const payload = () => exampleJson('tracker-2.41-without-org-unit-names.json');

  describe('negative', () => {
    it('rejects an event whose org unit is in neither directory nor mapping and has no orgUnitName, naming the UID', () => {
      expectInvalid(() => parseDhis2Payload(payload(), loadDefaultDhis2Mapping()),
        'org unit Bq5nGx2YhWc is not in the org unit directory', 'healthcred dhis2 org-units import');
    });
  });

  it('should certify /api/tracker exports without orgUnitName with facility and district from the hierarchy', () => {
    const mapping = loadDefaultDhis2Mapping();
    const facilities = orgUnitFacilities({ units: parseOrgUnitExport(exported(), 'ou.json'), mapping });
    const { requests, skipped } = parseDhis2Payload(payload(), mapping, { facilities });
    expect(requests.map((request) => request.source.event)).to.deep.equal(['Gx5LmQ2wRt7', 'Hv8NpW3xSu1', 'Jw9OqX4yTv2', 'Kx1PrY5zUw3']);
    expect(skipped).to.have.length(1);
    expect(requests[2]?.record.facility).to.deep.equal({ name: 'Colombo MOH Vaccination Centre',
      address: { addressCountry: 'LK', addressRegion: 'Western Province', district: 'Colombo' } });
  });

  it('should list the org units a payload names, each once', () => {
    expect(dhis2PayloadOrgUnits(payload())).to.deep.equal(['Bq5nGx2YhWc', 'DiszpKrYNg8']);
    expect(dhis2PayloadOrgUnits('not a payload')).to.deep.equal([]);
  });
});
