import { expect } from 'chai';
import { loadDefaultDhis2Mapping, orgUnitFacilities, parseDhis2Payload, type Dhis2Withdrawal } from '@healthcred/dhis2';
import { pullDhis2Changes } from '@healthcred/dhis2-client';
import { completedDoses, covacPopulation, STAND_IN_TOKEN } from '@healthcred/testing';
import { syncHarness, type SyncHarness } from './fixtures/harness.js';

/** What the issuer would withdraw from what was published. */
async function withdrawalsOf(h: SyncHarness): Promise<Dhis2Withdrawal[]> {
  const mapping = loadDefaultDhis2Mapping();
  const units = await h.deps.directory.find(h.dhis2.orgUnits.map((unit) => unit.id));
  const facilities = orgUnitFacilities({ units, mapping });
  return h.published.flatMap((message) => parseDhis2Payload(JSON.parse(message.value), mapping, { facilities }).withdrawals);
}

describe('pullDhis2Changes() and events deleted in DHIS2', function () {
  let h: SyncHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('the stand-in leaves a deleted event out of every list unless asked with includeDeleted=true', async function () {
    h = await syncHarness({ version: '2.41.3', trackedEntities: covacPopulation({ people: 2 }) });
    const [dose] = completedDoses(h.dhis2.trackedEntities);
    h.dhis2.trackedEntities.flatMap((e) => e.events).find((e) => e.event === dose)!.deleted = true;
    const list = async (query: string) => {
      const response = await fetch(`${h!.dhis2.url}/api/tracker/events?program=yDuAzyqYABS&pageSize=100${query}`,
        { headers: { Authorization: `ApiToken ${STAND_IN_TOKEN}` } });
      return ((await response.json()) as { events: { event: string; deleted: boolean }[] }).events;
    };
    expect((await list('')).map((e) => e.event)).to.not.include(dose);
    expect((await list('&includeDeleted=true')).find((e) => e.event === dose)).to.include({ deleted: true });
  });

  for (const version of ['2.35.8', '2.41.3'] as const) {
    it(`should publish an event deleted after its certification on ${version}, for the issuer to withdraw`, async function () {
      h = await syncHarness({ version, trackedEntities: covacPopulation({ people: 3 }) });
      await pullDhis2Changes(h.deps);
      const [dose] = completedDoses(h.dhis2.trackedEntities);
      const owner = h.dhis2.trackedEntities.find((e) => e.events.some((v) => v.event === dose))!;
      owner.events.find((e) => e.event === dose)!.deleted = true;
      h.dhis2.touch(dose!);
      h.published.length = 0;
      await pullDhis2Changes(h.deps);
      const withdrawn = (await withdrawalsOf(h)).filter((w) => w.event === dose);
      expect(withdrawn).to.deep.equal([{ event: dose, trackedEntity: owner.trackedEntity,
        sourceKeyPrefix: `dhis2:${owner.trackedEntity}:${dose}:`, reason: `deleted in DHIS2 (event ${dose})` }]);
      const asked = h.dhis2.requests.filter((r) => r.path.endsWith('events') || r.path.endsWith('trackedEntities') ||
        r.path.endsWith('trackedEntityInstances'));
      expect(asked.every((r) => r.query['includeDeleted'] === 'true')).to.equal(true);
    });
  }
});
