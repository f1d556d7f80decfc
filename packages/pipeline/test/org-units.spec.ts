import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { openSqliteBus, type SqliteEventBus } from '@healthcred/bus';
import { loadConfig } from '@healthcred/config';
import { createIssuer, holdIssuer } from '@healthcred/credentials';
import { loadDefaultDhis2Mapping, parseOrgUnitExport } from '@healthcred/dhis2';
import { generateIssuerKeySet } from '@healthcred/issuer-identity';
import { startIssuerService, type IssuerService } from '@healthcred/pipeline';
import { pino } from 'pino';
import { atMostEvery } from '../src/org-unit-facilities.js';
import {
  openSqliteOrgUnitDirectory, openSqliteStore, type CredentialStore, type OrgUnitDirectory,
} from '@healthcred/store';
import { until } from '@healthcred/testing';

const examples = new URL('../../../examples/dhis2/', import.meta.url).pathname;
const topics = loadConfig({}).topics;

describe('atMostEvery()', () => {
  it('should run the work once per interval, however often it is asked', async () => {
    let now = 0;
    let runs = 0;
    const refresh = atMostEvery(60_000, async () => { runs += 1; }, () => now);
    await refresh();
    await refresh();
    now = 59_999;
    await refresh();
    expect(runs).to.equal(1);
    now = 60_000;
    await refresh();
    expect(runs).to.equal(2);
  });
});

describe('issuer with the org unit directory (embedded tier)', () => {
  let dir: string;
  let store: CredentialStore;
  let bus: SqliteEventBus;
  let orgUnits: OrgUnitDirectory;
  let service: IssuerService;
  let refreshes = 0;
  const exported = () => JSON.parse(readFileSync(join(examples, 'metadata/organisation-units.json'), 'utf8'));
  const payload = () => readFileSync(join(examples, 'tracker-2.41-without-org-unit-names.json'), 'utf8');

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'healthcred-org-units-'));
    store = openSqliteStore({ path: join(dir, 'store.sqlite') });
    bus = openSqliteBus({ path: join(dir, 'events.sqlite'), pollIntervalMs: 10 });
    orgUnits = await openSqliteOrgUnitDirectory({ path: join(dir, 'dhis2.sqlite') });
    refreshes = 0;
    service = await startIssuerService({
      store, bus, mapping: loadDefaultDhis2Mapping(), topics, logger: pino({ level: 'silent' }),
      issuer: holdIssuer(createIssuer({ keys: generateIssuerKeySet({ did: 'did:web:localhost%3A8080' }), url: 'http://localhost:8080' })),
      limits: { maxAttempts: 2, retryBaseMs: 1, payloadLimitBytes: 2 * 1024 * 1024 },
      facilities: { orgUnits, refresh: async () => { refreshes += 1; } },
    });
  });

  afterEach(async () => {
    await service.stop();
    await Promise.all([bus.close(), store.close(), orgUnits.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  const drained = async () => (await bus.readOffsets('healthcred-issuer-dhis2')).every((o) => o.lag === 0)
    && (await bus.readOffsets('healthcred-issuer-certify')).every((o) => o.lag === 0);

  describe('negative', () => {
    it('dead-letters an event whose org unit is unknown even after a refresh, naming the UID', async () => {
      await orgUnits.save(parseOrgUnitExport(exported(), 'ou.json').filter((unit) => unit.id !== 'Bq5nGx2YhWc'));
      await bus.publish(topics.dhis2, [{ value: payload() }]);
      await until(async () => (await store.listDeadLetters({ limit: 10 })).length === 1, 'a dead letter');
      const [letter] = await store.listDeadLetters({ limit: 10 });
      expect(letter?.reason).to.contain('org unit Bq5nGx2YhWc is not in the org unit directory');
      expect(refreshes).to.be.greaterThan(0);
      expect(await store.count()).to.equal(0);
    });
  });

  it('certifies /api/tracker exports without orgUnitName with facility and district from the hierarchy', async () => {
    await orgUnits.save(parseOrgUnitExport(exported(), 'ou.json'));
    await bus.publish(topics.dhis2, [{ value: payload() }]);
    await until(async () => (await store.count()) === 4 && await drained(), 'four certificates');
    const facilities = (await store.list({ limit: 10 })).map((c) => (c.credential as {
      evidence: { facility: { name: string; address: { district?: string; addressRegion?: string } } }[] }).evidence[0]!.facility);
    expect(new Set(facilities.map((f) => `${f.name} / ${f.address.district} / ${f.address.addressRegion}`))).to.deep.equal(new Set([
      'Jaffna Teaching Hospital / Jaffna / Northern Province', 'Colombo MOH Vaccination Centre / Colombo / Western Province']));
    expect(await store.listDeadLetters({ limit: 10 })).to.deep.equal([]);
    expect(refreshes).to.equal(0);
  });
});
