import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { createIssuer } from '@healthcred/credentials';
import { issueCertificates } from '@healthcred/issuance';
import { type CertificationRequest } from '@healthcred/records';
import { generateIssuerKeySet } from '@healthcred/issuer-identity';
import { openSqliteOrgUnitDirectory, openSqliteStore, type ProgrammeCount } from '@healthcred/store';
import { STAND_IN_TOKEN, covacOrgUnits, mockVaccinationRecord, startStandInDhis2, type StandInDhis2 } from '@healthcred/testing';
import { cli } from './fixtures/run.js';

const MAPPING = {
  dataSet: 'VacCertDS01',
  dataElements: [
    { measure: 'issued', vaccine: 'COVISHIELD', dose: 1, dataElement: 'CertIssued1' },
    { measure: 'revoked', vaccine: 'COVISHIELD', dose: 1, dataElement: 'CertRevokd1' },
  ],
  categoryOptionCombos: [
    { sex: 'Female', ageBand: '30-44', categoryOptionCombo: 'Fem30to44cc' },
    { sex: 'Male', ageBand: '30-44', categoryOptionCombo: 'Mal30to44cc' },
  ],
};
const COMBOS: Record<string, string> = { Female: 'Fem30to44cc', Male: 'Mal30to44cc' };

function dose(n: number, facility: string, gender: string): CertificationRequest {
  const record = mockVaccinationRecord();
  return {
    sourceKey: `dhis2:TE${String(n).padStart(9, '0')}:EV${n}:1`, kind: 'vaccination', orgUnit: facility,
    record: { ...record, recipient: { ...record.recipient, refId: `TE${n}`, gender, dob: '1990-01-01' }, vaccination: { ...record.vaccination, dose: 1 } },
  };
}

/** What DHIS2 should hold, computed from the store's own counts: district sums of 5 or more, per measure. */
function expectedValues(counts: ProgrammeCount[], day: string) {
  const district = new Map(covacOrgUnits().map((unit) => [unit.id, unit.path.split('/')[3]!]));
  const sums = new Map<string, number>();
  for (const count of counts) {
    for (const measure of ['issued', 'revoked'] as const) {
      const key = [measure, district.get(count.orgUnit!), count.sex].join('|');
      sums.set(key, (sums.get(key) ?? 0) + count[measure]);
    }
  }
  return [...sums].filter(([, n]) => n >= 5).map(([key, n]) => {
    const [measure, orgUnit, sex] = key.split('|');
    return { dataElement: measure === 'issued' ? 'CertIssued1' : 'CertRevokd1', period: day.replace(/-/g, ''), orgUnit, categoryOptionCombo: COMBOS[sex!], value: String(n) };
  });
}

describe('healthcred stats (against the stand-in DHIS2)', () => {
  let dir: string;
  let dhis2: StandInDhis2;
  let env: NodeJS.ProcessEnv;
  const issuer = createIssuer({ keys: generateIssuerKeySet({ did: 'did:web:localhost%3A8080' }), url: 'http://localhost:8080' });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'healthcred-stats-cli-'));
    dhis2 = await startStandInDhis2({ dataElements: ['CertIssued1', 'CertRevokd1'] });
    writeFileSync(join(dir, 'stats-mapping.json'), JSON.stringify(MAPPING));
    env = {
      HEALTHCRED_DATA_DIR: dir, DHIS2_URL: dhis2.url, DHIS2_TOKEN: STAND_IN_TOKEN, DHIS2_STATS_MAPPING_FILE: join(dir, 'stats-mapping.json'),
      STATS_ORG_UNIT_LEVEL: '3', STATS_AGE_BANDS: '0,18,30,45',
    };
    const units = await openSqliteOrgUnitDirectory({ path: join(dir, 'dhis2.sqlite') });
    await units.save(covacOrgUnits().map(({ parent, ...unit }) => ({ ...unit, ...(parent ? { parent: parent.id } : {}) })));
    await units.close();
    const store = openSqliteStore({ path: join(dir, 'store.sqlite') });
    const requests = [
      ...[1, 2, 3, 4, 5, 6].map((n) => dose(n, 'Fac0Colomb1', 'Female')), ...[7, 8, 9, 10, 11].map((n) => dose(n, 'Fac0Gampa01', 'Male')),
      ...[12, 13].map((n) => dose(n, 'Fac0Jaffna1', 'Female')),
    ];
    await issueCertificates(requests, { store, issuer });
    await store.close();
  });

  afterEach(async () => {
    await dhis2.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('negative', () => {
    it('names the field of a malformed mapping, and pushes nothing', async () => {
      writeFileSync(join(dir, 'stats-mapping.json'), JSON.stringify({ ...MAPPING, dataSet: 'not a uid' }));
      const run = await cli(['stats', 'push'], env);
      expect(run.code).to.not.equal(0);
      expect(run.stderr).to.contain('stats-mapping.json: mapping.dataSet: must be a DHIS2 UID');
      expect(dhis2.dataValueSets).to.have.length(0);
    });

    it('says what DHIS2 refused: an unknown data element, a wrong token', async () => {
      await dhis2.close();
      dhis2 = await startStandInDhis2({ dataElements: ['CertRevokd1'] });
      const refused = await cli(['stats', 'push'], { ...env, DHIS2_URL: dhis2.url });
      expect(refused.code).to.not.equal(0);
      expect(refused.stderr).to.contain('answered 409').and.contain('Data element not found');
      const denied = await cli(['stats', 'push'], { ...env, DHIS2_URL: dhis2.url, DHIS2_TOKEN: 'd2pat_wrongToken000000000000000000000000001' });
      expect(denied.stderr).to.contain('answered 401');
      expect(denied.stderr).to.not.contain('d2pat_');
    });
  });

  it('should push the published district counts, which match the store, and no suppressed one', async () => {
    const run = await cli(['stats', 'push'], env);
    expect(run.code, run.stderr).to.equal(0);
    expect(dhis2.dataValueSets).to.have.length(1);
    const [received] = dhis2.dataValueSets;
    expect(received!.status).to.equal(200);
    const store = openSqliteStore({ path: join(dir, 'store.sqlite') });
    const counts = await store.countProgramme();
    await store.close();
    const day = counts[0]!.day;
    const body = received!.body as { dataSet: string; dataValues: { value: string }[] };
    expect(body.dataSet).to.equal('VacCertDS01');
    expect(body.dataValues).to.have.deep.members(expectedValues(counts, day));
    expect(body.dataValues).to.have.length(2);
    for (const value of body.dataValues) expect(Number(value.value)).to.be.at.least(5);
    expect(run.stdout).to.contain('sent 2 data value(s) to data set VacCertDS01').and.contain('DHIS2 imported 2');
  });

  it('should show the same counts as JSON and CSV', async () => {
    const shown = JSON.parse((await cli(['stats', 'show'], env)).stdout);
    expect(shown.cells.map((cell: { orgUnit: string; issued: unknown }) => [cell.orgUnit, cell.issued])).to.deep.equal([
      ['Dist0Colom1', 6], ['Dist0Gampa1', 5], ['Dist0Jaffn1', 'suppressed'],
    ]);
    expect((await cli(['stats', 'show', '--csv'], env)).stdout).to.contain(',Dist0Jaffn1,COVISHIELD,1,Female,30-44,suppressed,suppressed');
  });
});
