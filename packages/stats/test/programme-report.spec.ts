import { expect } from 'chai';
import { HealthcredError } from '@healthcred/errors';
import { ageBandLabels, dataValueSetOf, parseStatsMapping, programmeReport, programmeReportCsv } from '@healthcred/stats';
import type { ProgrammeCount } from '@healthcred/store';
import type { OrgUnit } from '@healthcred/types';

const BANDS = [0, 18, 60];
const DISTRICT = 'DiszpKrYNg8';
const units = new Map<string, OrgUnit>([
  ['FacilityA01', { id: 'FacilityA01', name: 'A', level: 4, path: `/ImspTQPwCqd/O6uvpzGd5pu/${DISTRICT}/FacilityA01` }],
  ['FacilityB01', { id: 'FacilityB01', name: 'B', level: 4, path: `/ImspTQPwCqd/O6uvpzGd5pu/${DISTRICT}/FacilityB01` }],
]);

function count(overrides: Partial<ProgrammeCount>): ProgrammeCount {
  return { day: '2026-03-01', orgUnit: 'FacilityA01', vaccine: 'COVISHIELD', dose: 1, sex: 'Female', age: 30, issued: 1, revoked: 0, ...overrides };
}

describe('programmeReport()', () => {
  it('should label the age bands', () => {
    expect(ageBandLabels(BANDS)).to.deep.equal(['0-17', '18-59', '60+']);
  });

  it('should roll facilities up to the district and ages into bands, and sum them', () => {
    const report = programmeReport([
      count({ issued: 3 }), count({ orgUnit: 'FacilityB01', age: 45, issued: 4, revoked: 2 }), count({ age: 70, issued: 6 }),
    ], { minCell: 5, ageBands: BANDS, orgUnitLevel: 3, orgUnits: units });
    expect(report.cells).to.deep.equal([
      { day: '2026-03-01', orgUnit: DISTRICT, vaccine: 'COVISHIELD', dose: 1, sex: 'Female', ageBand: '18-59', issued: 7, revoked: 'suppressed' },
      { day: '2026-03-01', orgUnit: DISTRICT, vaccine: 'COVISHIELD', dose: 1, sex: 'Female', ageBand: '60+', issued: 6, revoked: 'suppressed' },
    ]);
  });

  it('should never show a count under k, nor a total that gives one away', () => {
    const report = programmeReport([
      count({ sex: 'Female', issued: 12, revoked: 5 }), count({ sex: 'Male', issued: 4, revoked: 1 }), count({ sex: undefined, age: undefined, issued: 0 + 1 }),
    ], { minCell: 5, ageBands: BANDS });
    const numbers = report.cells.flatMap((cell) => [cell.issued, cell.revoked]).filter((n) => typeof n === 'number') as number[];
    for (const n of numbers) expect(n).to.be.at.least(5);
    expect(report.cells.find((cell) => cell.sex === 'Male')).to.include({ issued: 'suppressed', revoked: 'suppressed' });
    expect(report.cells.find((cell) => cell.sex === 'unknown')).to.include({ ageBand: 'unknown', orgUnit: 'FacilityA01', issued: 'suppressed' });
    expect(report.shownTotals).to.deep.equal({ issued: 12, revoked: 5 });
    expect(report.suppressed).to.deep.equal({ issued: 2, revoked: 2 });
  });

  it('should put an org unit it does not know at the level under unknown', () => {
    const report = programmeReport([count({ orgUnit: 'Elsewhere01', issued: 5 }), count({ orgUnit: undefined, issued: 5 })],
      { minCell: 5, ageBands: BANDS, orgUnitLevel: 3, orgUnits: units });
    expect(report.cells.map((cell) => [cell.orgUnit, cell.issued])).to.deep.equal([['unknown', 10]]);
  });

  it('should write CSV with suppressed cells as words', () => {
    const report = programmeReport([count({ vaccine: 'Vaccine, "new"', issued: 6, revoked: 1 })], { minCell: 5, ageBands: BANDS });
    expect(programmeReportCsv(report)).to.equal('day,orgUnit,vaccine,dose,sex,ageBand,issued,revoked\r\n'
      + '2026-03-01,FacilityA01,"Vaccine, ""new""",1,Female,18-59,6,suppressed\r\n');
  });
});

describe('parseStatsMapping() and dataValueSetOf()', () => {
  const mapping = {
    dataSet: 'VacCertDS01',
    dataElements: [
      { measure: 'issued', vaccine: 'COVISHIELD', dose: 1, dataElement: 'CertIssued1' },
      { measure: 'revoked', vaccine: 'COVISHIELD', dose: 1, dataElement: 'CertRevokd1' },
    ],
    categoryOptionCombos: [{ sex: 'Female', ageBand: '18-59', categoryOptionCombo: 'FemAdultCoc' }],
  };
  const labels = ageBandLabels(BANDS);

  describe('negative', () => {
    it('rejects what is not a mapping, naming the file and the field', () => {
      const bad = (json: unknown) => () => parseStatsMapping(json, 'stats.json', labels);
      expect(bad({ ...mapping, dataSet: 'short' })).to.throw(HealthcredError, 'stats.json: mapping.dataSet: must be a DHIS2 UID');
      expect(bad({ ...mapping, dataElements: [{ ...mapping.dataElements[0], measure: 'valid' }] })).to.throw(/mapping\.dataElements\[0\]\.measure/);
      expect(bad({ ...mapping, categoryOptionCombos: [{ sex: 'Female', ageBand: '20-30', categoryOptionCombo: 'FemAdultCoc' }] }))
        .to.throw(/categoryOptionCombos\[0\]\.ageBand: must be one of the configured age bands \(0-17, 18-59, 60\+\)/);
      expect(bad({ ...mapping, extra: 1 })).to.throw(/mapping\.extra: is not a known field/);
      expect(bad({ ...mapping, dataElements: [] })).to.throw(/at least 1/);
    });
  });

  it('should send the published counts of mapped cells, and count what it leaves out', () => {
    const report = programmeReport([
      count({ orgUnit: 'FacilityA01', issued: 7, revoked: 5 }), count({ orgUnit: 'FacilityB01', issued: 6, revoked: 1 }),
      count({ orgUnit: 'FacilityA01', sex: 'Male', issued: 9 }), count({ orgUnit: 'FacilityA01', day: '2026-03-02', issued: 2 }),
    ], { minCell: 5, ageBands: BANDS });
    const plan = dataValueSetOf(report, parseStatsMapping(mapping, 'stats.json', labels));
    expect(plan.body).to.deep.equal({
      dataSet: 'VacCertDS01',
      dataValues: [
        { dataElement: 'CertIssued1', period: '20260301', orgUnit: 'FacilityA01', categoryOptionCombo: 'FemAdultCoc', value: '7' },
        { dataElement: 'CertRevokd1', period: '20260301', orgUnit: 'FacilityA01', categoryOptionCombo: 'FemAdultCoc', value: '5' },
        { dataElement: 'CertIssued1', period: '20260301', orgUnit: 'FacilityB01', categoryOptionCombo: 'FemAdultCoc', value: '6' },
      ],
    });
    expect(plan).to.include({ unmapped: 1, suppressed: 4 });
  });
});
