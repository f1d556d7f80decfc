import { expect } from 'chai';
import { dhis2PayloadKey } from '@healthcred/dhis2';
import { exampleJson } from '@healthcred/testing';
import { trackedEntity, trackedEntityInstance, trackerEvent } from '@healthcred/testing';

describe('dhis2PayloadKey()', () => {
  it("should be the tracked entity's UID for a payload about one person, in every shape", () => {
    expect(dhis2PayloadKey(trackedEntity())).to.equal('PQfMcpmXeFE');
    expect(dhis2PayloadKey(trackedEntityInstance())).to.equal('PQfMcpmXeFE');
    expect(dhis2PayloadKey({ trackedEntities: [trackedEntity()] })).to.equal('PQfMcpmXeFE');
    expect(dhis2PayloadKey(exampleJson('event-hook-envelope.json'))).to.match(/^[A-Za-z][A-Za-z0-9]{10}$/);
  });

  it('should be undefined for a payload about several people, or one that cannot be read', () => {
    const second = { ...trackedEntity([trackerEvent({ event: 'Kx4bTjGq7Vd' })]), trackedEntity: 'Jw4pLs8QzRt' };
    expect(dhis2PayloadKey({ trackedEntities: [trackedEntity(), second] })).to.equal(undefined);
    expect(dhis2PayloadKey({ hello: 'world' })).to.equal(undefined);
    expect(dhis2PayloadKey('not an object')).to.equal(undefined);
    let deep: unknown = trackedEntity();
    for (let i = 0; i < 20_000; i++) deep = { path: '/api/tracker', object: deep };
    expect(dhis2PayloadKey(deep)).to.equal(undefined);
  });
});
