import { expect } from 'chai';
import { loadDefaultDhis2Mapping, parseDhis2Mapping, parseDhis2Payload } from '@healthcred/dhis2';
import { parseVaccinationRecord, recordHash } from '@healthcred/records';
import { exampleJson } from '@healthcred/testing';
import type { VaccinationRecord } from '@healthcred/types';
import { expectInvalid } from './fixtures/expect-invalid.js';
import {
  NATIONAL_ID, UID, doseValues, legacyEvent, trackedEntity, trackedEntityInstance, trackerEvent,
} from '@healthcred/testing';

/** What the issuer will hash the request's record to: equal for a replay, different for a correction. */
const hashOf = (request: { record: VaccinationRecord } | undefined) =>
  request && recordHash({ kind: 'vaccination', record: request.record });

const mapping = loadDefaultDhis2Mapping();

describe('parseDhis2Payload()', () => {
  it('should map a completed event of a new-API tracked entity', () => {
    const { requests, skipped } = parseDhis2Payload(trackedEntity(), mapping);
    expect(skipped).to.deep.equal([]);
    expect(requests).to.have.length(1);
    const [request] = requests;
    expect(request?.sourceKey).to.equal('dhis2:PQfMcpmXeFE:FyEg9Ah0nLM:1');
    expect(request?.kind).to.equal('vaccination');
    expect(request?.source).to.deep.equal({
      system: 'dhis2', trackedEntity: 'PQfMcpmXeFE', event: 'FyEg9Ah0nLM', program: UID.program,
      programStage: UID.stage, orgUnit: UID.orgUnit, updatedAt: '2021-06-02T10:41:07.331',
    });
    expect(request?.record.recipient.refId).to.equal('PQfMcpmXeFE');
    expect(parseVaccinationRecord(request?.record)).to.deep.equal(request?.record);
  });

  it("should keep the event's update time as the server wrote it when readable, and leave an unreadable one out", () => {
    const timed = (updated: unknown) => parseDhis2Payload(trackedEntity([trackerEvent({ updated } as never)]), mapping).requests[0]!;
    expect(timed('2022-02-14 07:45:18.990').source.updatedAt).to.equal('2022-02-14 07:45:18.990');
    expect(timed('2022-02-14T07:45:18.990+0000').source.updatedAt).to.equal('2022-02-14T07:45:18.990+0000');
    for (const unreadable of ['last Tuesday', 42, '2022-02-14T07:45+99:99']) {
      const request = timed(unreadable);
      expect(request.source, String(unreadable)).to.not.have.property('updatedAt');
      expect(request.record.vaccination.batch).to.be.a('string');
    }
  });

  it('should map a legacy tracked entity instance to the same record as the new API', () => {
    const legacy = parseDhis2Payload(trackedEntityInstance(), mapping).requests[0];
    const modern = parseDhis2Payload(trackedEntity(), mapping).requests[0];
    expect(legacy?.record).to.deep.equal(modern?.record);
    expect(hashOf(legacy)).to.equal(hashOf(modern));
    expect(legacy?.sourceKey).to.equal(modern?.sourceKey);
  });

  for (const key of ['trackedEntityInstances', 'instances', 'trackedEntities']) {
    it(`should read the list wrapper {${key}: [...]}`, () => {
      const entity = key === 'trackedEntityInstances' ? trackedEntityInstance() : trackedEntity();
      const second = { ...trackedEntity([trackerEvent({ event: 'Kx4bTjGq7Vd' })]), trackedEntity: 'Jw4pLs8QzRt' };
      const { requests } = parseDhis2Payload({ pager: { page: 1 }, [key]: [entity, second] }, mapping);
      expect(requests.map((request) => request.sourceKey)).to.deep.equal(
        ['dhis2:PQfMcpmXeFE:FyEg9Ah0nLM:1', 'dhis2:Jw4pLs8QzRt:Kx4bTjGq7Vd:1']);
    });
  }

  it('should join a flat /api/tracker bundle of tracked entities and events', () => {
    const entity = trackedEntity([]);
    const { requests } = parseDhis2Payload({ trackedEntities: [entity], enrollments: [], events: [trackerEvent()] },
      mapping);
    expect(requests.map((request) => request.sourceKey)).to.deep.equal(['dhis2:PQfMcpmXeFE:FyEg9Ah0nLM:1']);
  });

  it('should read a bare event sent with its tracked entity, in either generation', () => {
    const modern = parseDhis2Payload({ event: trackerEvent(), trackedEntity: trackedEntity([]) }, mapping);
    const legacy = parseDhis2Payload({ event: legacyEvent(), trackedEntityInstance: trackedEntityInstance([]) }, mapping);
    expect(hashOf(modern.requests[0])).to.equal(hashOf(legacy.requests[0]));
  });

  it('should unwrap a DHIS2 event hook envelope {path, meta, object}', () => {
    const envelope = { path: 'tracker.event.FyEg9Ah0nLM', meta: { op: 'UPDATE' },
      object: { event: trackerEvent(), trackedEntity: trackedEntity([]) } };
    expect(parseDhis2Payload(envelope, mapping).requests[0]?.sourceKey).to.equal('dhis2:PQfMcpmXeFE:FyEg9Ah0nLM:1');
  });

  it('should ignore unknown keys at every level', () => {
    const event = { ...trackerEvent(), futureField: { nested: [1] }, notes: [{ value: 'x' }] };
    const entity = { ...trackedEntity([event]), programOwners: [], geometry: null, extra: 'ignored' };
    const plain = parseDhis2Payload(trackedEntity(), mapping).requests[0];
    expect(parseDhis2Payload({ ...entity, version: 42 }, mapping).requests[0]).to.deep.equal(plain);
  });

  it('should skip events that are not completed, with the reason', () => {
    const events = ['ACTIVE', 'SCHEDULE', 'SKIPPED', 'OVERDUE', 'VISITED'].map((status, i) =>
      trackerEvent({ event: `Ev${status.slice(0, 3)}0000${i}X`.slice(0, 11), status }));
    const { requests, skipped } = parseDhis2Payload(trackedEntity(events), mapping);
    expect(requests).to.deep.equal([]);
    expect(skipped.map((s) => s.reason)).to.deep.equal(['ACTIVE', 'SCHEDULE', 'SKIPPED', 'OVERDUE', 'VISITED']
      .map((status) => `status ${status} is not COMPLETED`));
    expect(skipped[0]?.trackedEntity).to.equal('PQfMcpmXeFE');
  });

  it('should skip deleted events and events of other stages or programs, even when their data is incomplete', () => {
    const deleted = { ...trackerEvent({ event: 'Dl1eted0000', values: {} }), deleted: true };
    const otherStage = { ...trackerEvent({ event: 'Ot2herStage', values: {} }), programStage: 'KSr2yTdu1AI' };
    const otherProgram = { ...trackerEvent({ event: 'Ot3herProgr', values: {} }), program: 'QCwlZedwacH' };
    const { requests, skipped } = parseDhis2Payload(trackedEntity([deleted, otherStage, otherProgram]), mapping);
    expect(requests).to.deep.equal([]);
    expect(skipped.map((s) => s.reason)).to.deep.equal(['the event is deleted in DHIS2',
      'program stage KSr2yTdu1AI is not a configured vaccination stage',
      'program QCwlZedwacH is not a configured vaccination program']);
  });

  it('should keep the content hash when only lastUpdated / updatedAt changed', () => {
    const first = parseDhis2Payload(trackedEntity([trackerEvent()]), mapping).requests[0];
    const replay = parseDhis2Payload(trackedEntity([trackerEvent({ updated: '2023-01-01T00:00:00.000' })]), mapping)
      .requests[0];
    expect(hashOf(replay)).to.equal(hashOf(first));
    expect(replay?.source.updatedAt).to.equal('2023-01-01T00:00:00.000');
  });

  it('should change the content hash when the event is corrected', () => {
    const first = parseDhis2Payload(trackedEntity(), mapping).requests[0];
    const corrected = parseDhis2Payload(trackedEntity([trackerEvent({
      values: doseValues('DOSE1', { [UID.batch]: '4121Z026' }),
    })]), mapping).requests[0];
    expect(corrected?.sourceKey).to.equal(first?.sourceKey);
    expect(hashOf(corrected)).not.to.equal(hashOf(first));
  });

  it('should never put the national ID into a request', () => {
    const result = parseDhis2Payload(exampleJson('legacy-tracked-entity-instance.json'), mapping);
    expect(JSON.stringify(result)).not.to.contain(NATIONAL_ID);
    expect(JSON.stringify(parseDhis2Payload(trackedEntity(), mapping))).not.to.contain(NATIONAL_ID);
  });

  it('should return an event listed twice with the same content once', () => {
    const { requests } = parseDhis2Payload({ trackedEntities: [trackedEntity(), trackedEntity()] }, mapping);
    expect(requests).to.have.length(1);
  });

  describe('negative', () => {
    it('rejects a bare event without its tracked entity', () => {
      expectInvalid(() => parseDhis2Payload(trackerEvent(), mapping), 'payload.trackedEntity', 'is required');
    });

    it('rejects payloads that are not DHIS2 tracker objects', () => {
      expectInvalid(() => parseDhis2Payload('{"trackedEntity":"x"}', mapping), 'payload: must be an object or an array');
      expectInvalid(() => parseDhis2Payload(null, mapping), 'payload: is required');
      expectInvalid(() => parseDhis2Payload({ rows: [] }, mapping), 'is not a DHIS2 tracked entity');
    });

    it('rejects lists and values of the wrong type, naming the field', () => {
      const notArray = { ...trackerEvent(), dataValues: { [UID.dose]: 'DOSE1' } };
      expectInvalid(() => parseDhis2Payload(trackedEntity([notArray]), mapping),
        'payload.enrollments[0].events[0].dataValues: must be an array');
      const objectValue = { ...trackerEvent(), dataValues: [{ dataElement: UID.dose, value: { code: 'DOSE1' } }] };
      expectInvalid(() => parseDhis2Payload(trackedEntity([objectValue]), mapping),
        'payload.enrollments[0].events[0].dataValues[0].value: must be a string');
      expectInvalid(() => parseDhis2Payload({ ...trackedEntity(), attributes: 'none' }, mapping),
        'payload.attributes: must be an array');
      expectInvalid(() => parseDhis2Payload(trackedEntity([{ ...trackerEvent(), status: 3 }]), mapping),
        'payload.enrollments[0].events[0].status: must be a string');
      expectInvalid(() => parseDhis2Payload(trackedEntity([{ ...trackerEvent(), deleted: 'no' }]), mapping),
        'events[0].deleted: must be true or false');
    });

    it('rejects identifiers that are not DHIS2 UIDs', () => {
      expectInvalid(() => parseDhis2Payload(trackedEntity([trackerEvent({ event: 'abc' })]), mapping),
        'events[0].event: must be a DHIS2 UID');
      expectInvalid(() => parseDhis2Payload({ ...trackedEntity(), trackedEntity: '../../etc' }, mapping),
        'payload.trackedEntity: must be a DHIS2 UID');
    });

    it('rejects an event that names a tracked entity missing from the payload', () => {
      expectInvalid(() => parseDhis2Payload({ trackedEntities: [trackedEntity([])],
        events: [{ ...trackerEvent(), trackedEntity: 'Zz9zZz9zZz9' }] }, mapping),
      'payload.events[0].trackedEntity: names a tracked entity that is not in the payload');
    });

    it('rejects the same event twice with different values', () => {
      const corrected = trackedEntity([trackerEvent({ values: doseValues('DOSE1', { [UID.batch]: 'OTHER' }) })]);
      expectInvalid(() => parseDhis2Payload({ trackedEntities: [trackedEntity(), corrected] }, mapping),
        'event FyEg9Ah0nLM: appears twice');
    });

    it('rejects a completed event without a date', () => {
      const event = { ...trackerEvent() };
      delete event.occurredAt;
      expectInvalid(() => parseDhis2Payload(trackedEntity([event]), mapping), 'events[0].occurredAt: is required');
    });
  });
});

describe('parseDhis2Payload() on the shipped examples', () => {
  it('should certify three doses of the legacy example and skip its scheduled event', () => {
    const { requests, skipped } = parseDhis2Payload(exampleJson('legacy-tracked-entity-instance.json'), mapping);
    expect(requests.map((r) => [r.record.vaccination.dose, r.record.vaccination.totalDoses])).to.deep.equal(
      [[1, 2], [2, 2], [3, 3]]);
    expect(skipped).to.deep.equal([{ event: 'Ue7sH3kLm2Q', trackedEntity: 'PQfMcpmXeFE',
      reason: 'status SCHEDULE is not COMPLETED' }]);
  });

  it('should certify the new-API example and skip its active event', () => {
    const { requests, skipped } = parseDhis2Payload(exampleJson('tracker-tracked-entities.json'), mapping);
    expect(requests.map((r) => r.record.recipient.name)).to.deep.equal(
      ['செல்வி சுப்பிரமணியம்', 'செல்வி சுப்பிரமணியம்', 'ສົມພອນ ພົມມະຈັນ']);
    expect(skipped.map((s) => s.event)).to.deep.equal(['Ob4kSf7HxWm']);
  });

  it('should certify the booster of the event hook example', () => {
    const [request] = parseDhis2Payload(exampleJson('event-hook-envelope.json'), mapping).requests;
    expect(request?.sourceKey).to.equal('dhis2:Fc6tRm1ZsQy:Zq2mBv8XcLt:3');
    expect(request?.record.recipient.name).to.equal('Thị Minh Khai Nguyễn');
    expect(request?.record.verifier).to.deep.equal({ name: 'Điều dưỡng Lê Văn Tám' });
  });

  it('should certify the fictional country example with its own mapping', () => {
    const example = parseDhis2Mapping(exampleJson('mapping-example.json'), 'mapping-example.json');
    const { requests } = parseDhis2Payload(exampleJson('example-country-payload.json'), example);
    expect(requests.map((r) => r.sourceKey)).to.deep.equal(['dhis2:LmPerson001:LmEvent0001:1',
      'dhis2:LmPerson001:LmEvent0002:2', 'dhis2:LmPerson002:LmEvent0003:2']);
    expect(JSON.stringify(requests)).not.to.contain('LUM-550-2231-7');
    const withCovac = parseDhis2Payload(exampleJson('example-country-payload.json'), mapping);
    expect(withCovac.requests).to.deep.equal([]);
    expect(withCovac.skipped).to.have.length(3);
  });
});
