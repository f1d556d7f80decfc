import { expect } from 'chai';
import {
  COVAC, STAND_IN_TOKEN, completedDoses, covacPopulation, startStandInDhis2, type StandInDhis2,
} from '@healthcred/testing';

const auth = { Authorization: `ApiToken ${STAND_IN_TOKEN}` };

async function get(dhis2: StandInDhis2, path: string, headers: Record<string, string> = auth) {
  const response = await fetch(`${dhis2.url}${path}`, { headers });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body: body as Record<string, unknown> };
}

describe('startStandInDhis2()', function () {
  let dhis2: StandInDhis2 | undefined;
  afterEach(async () => {
    await dhis2?.close();
    dhis2 = undefined;
  });

  describe('negative', function () {
    it('rejects a request without the token, or with another one, with 401', async function () {
      dhis2 = await startStandInDhis2();
      expect((await get(dhis2, '/api/system/info', {})).status).to.equal(401);
      expect((await get(dhis2, '/api/system/info', { Authorization: 'ApiToken d2pat_wrong' })).status).to.equal(401);
    });

    it('answers injected 403 and 503 for the next matching requests only', async function () {
      dhis2 = await startStandInDhis2();
      dhis2.inject({ path: '/api/tracker/events', status: 503, times: 2 });
      dhis2.inject({ path: '/api/system/info', status: 403 });
      expect((await get(dhis2, '/api/tracker/events')).status).to.equal(503);
      expect((await get(dhis2, '/api/system/info')).status).to.equal(403);
      expect((await get(dhis2, '/api/tracker/events')).status).to.equal(503);
      expect((await get(dhis2, '/api/tracker/events')).status).to.equal(200);
    });

    it('sends a cut-off body or an undocumented shape when told to', async function () {
      dhis2 = await startStandInDhis2();
      dhis2.inject({ path: '/api/tracker/events', malformed: 'json' });
      dhis2.inject({ path: '/api/tracker/trackedEntities', malformed: 'shape' });
      expect((await get(dhis2, '/api/tracker/events')).body).to.be.a('string');
      expect((await get(dhis2, '/api/tracker/trackedEntities')).body['events']).to.deep.equal({ unexpected: true });
    });

    it('serves no /api/tracker before 2.36', async function () {
      dhis2 = await startStandInDhis2({ version: '2.35.8' });
      expect((await get(dhis2, '/api/tracker/events')).status).to.equal(404);
      expect((await get(dhis2, `/api/events?program=${COVAC.program}`)).status).to.equal(200);
    });

    it('refuses a data value set with an unknown org unit (409, conflict named) or no dataValues (400)', async function () {
      dhis2 = await startStandInDhis2();
      const post = (body: unknown) => fetch(`${dhis2!.url}/api/dataValueSets`, {
        method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify(body),
      });
      expect((await post({ dataSet: 'BfMAe6Itzgt' })).status).to.equal(400);
      const response = await post({ period: '202106', dataValues: [{ dataElement: 'Dx0Doses001', orgUnit: 'Nowhere0001', value: '3' }] });
      expect(response.status).to.equal(409);
      expect(dhis2.dataValueSets[1]?.conflicts).to.deep.equal([{ object: 'Nowhere0001', value: 'Organisation unit not found or not accessible' }]);
    });
  });

  it('pages /api/tracker/events of 2.41 as {pager, events} without orgUnitName, ordered by updatedAt', async function () {
    dhis2 = await startStandInDhis2({ trackedEntities: covacPopulation({ people: 3 }) });
    const first = await get(dhis2, `/api/tracker/events?program=${COVAC.program}&page=1&pageSize=4&order=updatedAt:asc`);
    expect(first.body['pager']).to.deep.equal({ page: 1, pageSize: 4 });
    const events = first.body['events'] as Record<string, unknown>[];
    expect(events).to.have.length(4);
    expect(events[0]).to.not.have.property('orgUnitName');
    const times = events.map((event) => event['updatedAt'] as string);
    expect(times).to.deep.equal([...times].sort());
    const after = await get(dhis2, `/api/tracker/events?program=${COVAC.program}&updatedAfter=${times[3]}&pageSize=50`);
    expect((after.body['events'] as unknown[]).length).to.equal(7 - 3);
  });

  it('answers 2.38 with {instances, page, pageSize} and orgUnitName', async function () {
    dhis2 = await startStandInDhis2({ version: '2.38.6', trackedEntities: covacPopulation({ people: 2 }) });
    const { body } = await get(dhis2, `/api/tracker/events?program=${COVAC.program}&pageSize=2`);
    expect(body).to.include({ page: 1, pageSize: 2 });
    expect((body['instances'] as Record<string, unknown>[])[0]).to.have.property('orgUnitName', 'Colombo MOH Centre');
  });

  it('answers the deprecated endpoints with a pager, filtered by lastUpdatedStartDate and UIDs', async function () {
    const population = covacPopulation({ people: 2 });
    dhis2 = await startStandInDhis2({ version: '2.35.8', trackedEntities: population });
    const { body } = await get(dhis2, `/api/events?program=${COVAC.program}&pageSize=2&order=lastUpdated:asc`);
    expect(body['pager']).to.deep.equal({ page: 1, pageCount: 3, total: 5, pageSize: 2 });
    const uid = population[1]!.trackedEntity;
    const entities = await get(dhis2, `/api/trackedEntityInstances?ouMode=ACCESSIBLE&program=${COVAC.program}&trackedEntityInstance=${uid}`);
    expect((entities.body['trackedEntityInstances'] as Record<string, unknown>[]).map((e) => e['trackedEntityInstance']))
      .to.deep.equal([uid]);
  });

  it('exports the org unit tree with the asked fields and records posted data value sets', async function () {
    dhis2 = await startStandInDhis2({ credentials: { username: 'admin', password: 'district' } });
    const basic = { Authorization: `Basic ${Buffer.from('admin:district').toString('base64')}` };
    const { body } = await get(dhis2, '/api/organisationUnits?paging=false&fields=id,name,level,path,parent[id]', basic);
    const units = body['organisationUnits'] as Record<string, unknown>[];
    expect(units.find((unit) => unit['id'] === 'Fac0Colomb1')).to.deep.equal({
      id: 'Fac0Colomb1', name: 'Colombo MOH Centre', level: 5, path: '/LK000000001/Prov0West01/Dist0Colom1/Moh0Colomb1/Fac0Colomb1',
      parent: { id: 'Moh0Colomb1' },
    });
    const set = { dataSet: 'BfMAe6Itzgt', period: '202106', orgUnit: 'Dist0Colom1',
      dataValues: [{ dataElement: 'Dx0Doses001', value: '12' }, { dataElement: 'Dx0Doses002', value: 7 }] };
    const response = await fetch(`${dhis2.url}/api/dataValueSets`, { method: 'POST', headers: { ...basic, 'Content-Type': 'application/json' },
      body: JSON.stringify(set) });
    expect(response.status).to.equal(200);
    expect((await response.json() as { response: { importCount: { imported: number } } }).response.importCount.imported).to.equal(2);
    expect(dhis2.dataValueSets).to.have.length(1);
    expect(dhis2.dataValueSets[0]!.body).to.deep.equal(set);
  });

  it('delays a page when told to, and touch() moves an event after all others', async function () {
    const population = covacPopulation({ people: 2 });
    dhis2 = await startStandInDhis2({ trackedEntities: population });
    dhis2.inject({ path: '/api/tracker/events', delayMs: 300 });
    const started = Date.now();
    await get(dhis2, '/api/tracker/events');
    expect(Date.now() - started).to.be.at.least(280);
    const [firstDose] = completedDoses(population);
    dhis2.touch(firstDose!);
    const { body } = await get(dhis2, '/api/tracker/events?order=updatedAt:asc');
    expect((body['events'] as Record<string, unknown>[]).at(-1)?.['event']).to.equal(firstDose);
  });
});
