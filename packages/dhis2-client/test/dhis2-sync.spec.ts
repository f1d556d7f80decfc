import { expect } from 'chai';
import { loadDefaultDhis2Mapping, orgUnitFacilities, parseDhis2Payload, parseOrgUnitExport } from '@healthcred/dhis2';
import { pullDhis2Changes, startDhis2SyncLoop, syncSource } from '@healthcred/dhis2-client';
import { isHealthcredError, type HealthcredError } from '@healthcred/errors';
import { COVAC_FACILITIES, completedDoses, covacPopulation, STAND_IN_TOKEN } from '@healthcred/testing';
import { syncHarness, type SyncHarness } from './fixtures/harness.js';

/** The events of published messages, beside their tracked entity or nested in its enrollments. */
function publishedEvents(h: SyncHarness): Record<string, unknown>[] {
  return h.published.flatMap((message) => {
    const payload = JSON.parse(message.value) as { events?: Record<string, unknown>[]; trackedEntities?: { enrollments?: { events?: [] }[] }[] };
    return [...(payload.events ?? []), ...(payload.trackedEntities ?? []).flatMap((te) => (te.enrollments ?? []).flatMap((e) => e.events ?? []))];
  });
}

async function failure(promise: Promise<unknown>): Promise<HealthcredError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(isHealthcredError(error), `expected a HealthcredError, got ${String(error)}`).to.equal(true);
  return error as HealthcredError;
}

/** The events the issuer would certify from what was published, mapped with the directory's facilities. */
async function certifiable(h: SyncHarness): Promise<{ events: string[]; districts: Set<string | undefined> }> {
  const mapping = loadDefaultDhis2Mapping();
  const units = await h.deps.directory.find(h.dhis2.orgUnits.map((unit) => unit.id));
  const facilities = orgUnitFacilities({ units, mapping });
  const requests = h.published.flatMap((message) => parseDhis2Payload(JSON.parse(message.value), mapping, { facilities }).requests);
  return { events: [...new Set(requests.map((r) => r.source.event))].sort(),
    districts: new Set(requests.map((r) => r.record.facility.address.district)) };
}

describe('pullDhis2Changes()', function () {
  let h: SyncHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  describe('negative', function () {
    it('stops at once on 401, naming the credentials to check and not the token', async function () {
      h = await syncHarness({ http: { token: 'd2pat_notTheRightOne000000000000000000000' } });
      const error = await failure(pullDhis2Changes(h.deps));
      expect(error.code).to.equal('unauthorized');
      expect(error.message).to.contain('refused the credentials (401)').and.contain('DHIS2_TOKEN').and.not.contain('d2pat_');
      expect(h.dhis2.requests).to.have.length(1);
      expect(await h.deps.watermarks.read(syncSource(h.dhis2.url, 'yDuAzyqYABS'))).to.equal(undefined);
    });

    it('stops the loop on 403 without retrying', async function () {
      h = await syncHarness();
      h.dhis2.inject({ path: '/api/tracker/events', status: 403, times: 10 });
      const errors: [string, boolean][] = [];
      const loop = startDhis2SyncLoop({ ...h.deps, intervalMs: 10, onError: (e, stopping) => errors.push([(e as Error).message, stopping]) });
      await loop.done;
      expect(loop.status()).to.include({ stopped: true, pulls: 0, failures: 1 });
      expect(errors[0]?.[0]).to.contain('403 Forbidden');
      expect(errors[0]?.[1]).to.equal(true);
      expect(h.dhis2.requests.filter((r) => r.path === '/api/tracker/events')).to.have.length(1);
    });

    it('stops the loop at the start when DHIS2 has no such program, naming it', async function () {
      h = await syncHarness();
      const loop = startDhis2SyncLoop({ ...h.deps, program: 'Nope0000001', intervalMs: 10 });
      await loop.done;
      expect(loop.status()).to.include({ stopped: true, pulls: 0 });
      expect(loop.status().lastError?.message).to.contain('has no program Nope0000001: set DHIS2_PROGRAM');
      expect(h.dhis2.requests.map((r) => r.path)).to.deep.equal(['/api/programs/Nope0000001']);
    });

    it('retries 503 with growing backoff, and gives up after the attempts keeping the last published page', async function () {
      h = await syncHarness({ trackedEntities: covacPopulation({ people: 4 }) });
      h.dhis2.inject({ path: '/api/tracker/events', status: 503, times: 2 });
      let pages = 0;
      const progress = await pullDhis2Changes({ ...h.deps, onPage: () => {
        if (++pages === 1) h!.dhis2.inject({ path: '/api/tracker/events', status: 503, times: 3 });
      } }).catch((e: unknown) => e);
      expect(h.delays.slice(0, 2)).to.satisfy((d: number[]) => d[0]! >= 10 && d[1]! >= 20 && d[1]! > d[0]!);
      const error = progress as HealthcredError;
      expect(error.code).to.equal('unavailable');
      expect(error.message).to.match(/did not answer GET \/api\/tracker\/events\?.*after 3 attempt\(s\): it answered 503/);
      const mark = await h.deps.watermarks.read(syncSource(h.dhis2.url, 'yDuAzyqYABS'));
      const firstPage = publishedEvents(h).map((e) => e['updatedAt'] as string).sort();
      expect(mark?.value).to.equal(firstPage.at(-1));
    });

    it('abandons a page slower than the timeout and asks again', async function () {
      h = await syncHarness({ http: { timeoutMs: 300 }, trackedEntities: covacPopulation({ people: 2 }) });
      h.dhis2.inject({ path: '/api/tracker/events', delayMs: 1000 });
      await pullDhis2Changes(h.deps);
      expect(h.delays).to.have.length(1);
      expect((await certifiable(h)).events).to.deep.equal(completedDoses(h.dhis2.trackedEntities).sort());
    });

    it('rejects a malformed page with a clear error naming the request, and a body that is not JSON', async function () {
      h = await syncHarness();
      h.dhis2.inject({ path: '/api/tracker/events', malformed: 'shape' });
      const shape = await failure(pullDhis2Changes(h.deps));
      expect(shape.message).to.equal('DHIS2 answered GET /api/tracker/events page 1 with "events" that is not a list: ' +
        'not a page of any DHIS2 version from 2.35 to 2.41.');
      h.dhis2.inject({ path: '/api/tracker/trackedEntities', malformed: 'json' });
      expect((await failure(pullDhis2Changes(h.deps))).message).to.contain('GET /api/tracker/trackedEntities?').and.contain('is not JSON');
      expect(h.published).to.deep.equal([]);
    });

    it('refreshes the org units when a page names one the directory lacks', async function () {
      h = await syncHarness({ trackedEntities: covacPopulation({ people: 1 }) });
      await h.deps.directory.save(parseOrgUnitExport(h.dhis2.orgUnits, 'stand-in').filter((unit) => unit.id !== COVAC_FACILITIES[0]));
      const progress = await pullDhis2Changes(h.deps);
      expect(progress.orgUnitsRefreshed).to.equal(h.dhis2.orgUnits.length);
      expect(await h.deps.directory.find([COVAC_FACILITIES[0]])).to.have.length(1);
    });
  });

  for (const version of ['2.35.8', '2.38.6', '2.40.5', '2.41.3'] as const) {
    it(`should publish every completed dose of a ${version} server, page by page, with districts from the hierarchy`, async function () {
      h = await syncHarness({ version, trackedEntities: covacPopulation({ people: 7 }) });
      const progress = await pullDhis2Changes(h.deps);
      expect(progress.server.generation).to.equal(version === '2.35.8' ? 'legacy' : 'tracker');
      expect(progress.pages).to.be.greaterThan(3);
      const { events, districts } = await certifiable(h);
      expect(events).to.deep.equal(completedDoses(h.dhis2.trackedEntities).sort());
      expect(districts).to.deep.equal(new Set(['Colombo District', 'Gampaha District', 'Jaffna District']));
      const paths = new Set(h.dhis2.requests.map((r) => r.path));
      expect(paths.has(version === '2.35.8' ? '/api/events' : '/api/tracker/events')).to.equal(true);
      expect(paths.has('/api/tracker/events')).to.equal(version !== '2.35.8');
    });
  }

  it('should resume from the watermark: a second pull sends only what changed since, minus the overlap', async function () {
    h = await syncHarness({ trackedEntities: covacPopulation({ people: 5 }), overlapSeconds: 0 });
    await pullDhis2Changes(h.deps);
    const [first] = completedDoses(h.dhis2.trackedEntities);
    h.dhis2.touch(first!);
    h.published.length = 0;
    await pullDhis2Changes(h.deps);
    const events = publishedEvents(h).map((e) => e['event']);
    // The touched event, and at most the one at the watermark itself (asked again: DHIS2 may compare with >=).
    expect(events).to.include(first);
    expect(events.length).to.be.at.most(2);
    h.published.length = 0;
    await pullDhis2Changes({ ...h.deps, overlapSeconds: 3 });
    expect(publishedEvents(h)).to.have.length.greaterThan(1);
  });

  it('should publish a tracked entity whose attributes changed without a new event, with its events', async function () {
    h = await syncHarness({ trackedEntities: covacPopulation({ people: 4 }) });
    await pullDhis2Changes(h.deps);
    const [person] = h.dhis2.trackedEntities;
    h.dhis2.editPerson(person!.trackedEntity, [{ uid: 'ENRjVGxVL6l', value: 'Corrected' }]);
    h.published.length = 0;
    const progress = await pullDhis2Changes(h.deps);
    // The corrected person, and at most the one whose event sits at the event watermark (asked again).
    const corrected = h.published.filter((m) => m.key === person!.trackedEntity);
    expect(corrected).to.have.length(1);
    expect(h.published.length).to.be.at.most(2);
    const mapping = loadDefaultDhis2Mapping();
    const units = await h.deps.directory.find(h.dhis2.orgUnits.map((unit) => unit.id));
    const { requests } = parseDhis2Payload(JSON.parse(corrected[0]!.value), mapping, { facilities: orgUnitFacilities({ units, mapping }) });
    expect(requests.map((r) => r.record.recipient.name)).to.deep.equal(['Kamal Corrected', 'Kamal Corrected']);
    expect(progress.entityWatermark).to.equal(person!.updatedAt);
  });

  it('should sign in with basic auth, and key each message by its tracked entity', async function () {
    h = await syncHarness({ credentials: { username: 'admin', password: 'district', token: STAND_IN_TOKEN },
      trackedEntities: covacPopulation({ people: 2 }) });
    await pullDhis2Changes(h.deps);
    expect(new Set(h.published.map((m) => m.key))).to.deep.equal(new Set(h.dhis2.trackedEntities.map((e) => e.trackedEntity)));
    expect(h.published[0]?.headers).to.deep.equal({ source: 'sync' });
  });
});
