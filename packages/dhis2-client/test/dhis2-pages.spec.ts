import { expect } from 'chai';
import { apiGenerationOf, dhis2Timestamp, readDhis2Page, secondsBefore } from '@healthcred/dhis2-client';
import { isHealthcredError } from '@healthcred/errors';

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(isHealthcredError(error)).to.equal(true);
    return (error as Error).message;
  }
  throw new Error('expected a failure');
}

const where = 'GET /api/tracker/events page 2';

describe('readDhis2Page()', () => {
  describe('negative', () => {
    it('rejects a body without the list, a list that is not one, and items that are not objects', () => {
      expect(failure(() => readDhis2Page({ pager: { page: 1 } }, { listKey: 'events', where })))
        .to.equal('DHIS2 answered GET /api/tracker/events page 2 with neither "events" nor "instances": not a page of any DHIS2 version from 2.35 to 2.41.');
      expect(failure(() => readDhis2Page({ instances: 'x' }, { listKey: 'events', where }))).to.contain('"instances" that is not a list');
      expect(failure(() => readDhis2Page({ events: [1] }, { listKey: 'events', where }))).to.contain('not an object');
      expect(failure(() => readDhis2Page([], { listKey: 'events', where }))).to.contain('not a JSON object');
    });
  });

  it('should read the envelopes of 2.36-2.40, 2.41 and the deprecated endpoints', () => {
    const item = { event: 'E0000000001' };
    expect(readDhis2Page({ instances: [item], page: 1, pageSize: 50 }, { listKey: 'events', where })).to.deep.equal({ items: [item] });
    expect(readDhis2Page({ pager: { page: 1, pageSize: 50 }, events: [item] }, { listKey: 'events', where })).to.deep.equal({ items: [item] });
    expect(readDhis2Page({ pager: { page: 1, pageCount: 4, total: 200, pageSize: 50 }, trackedEntityInstances: [item] },
      { listKey: 'trackedEntityInstances', where })).to.deep.equal({ items: [item], pageCount: 4 });
  });
});

describe('apiGenerationOf()', () => {
  it('should choose /api/tracker from 2.36 and the deprecated endpoints before', () => {
    expect(['2.35.8', '2.36.0', '2.40.3', '2.41-SNAPSHOT', '2.42.1'].map(apiGenerationOf))
      .to.deep.equal(['legacy', 'tracker', 'tracker', 'tracker', 'tracker']);
  });

  it('rejects a version it cannot read', () => {
    expect(failure(() => apiGenerationOf(undefined))).to.contain('not 2.N');
    expect(failure(() => apiGenerationOf('v41'))).to.contain('"v41"');
  });
});

describe('dhis2Timestamp() and secondsBefore()', () => {
  it('should give one fixed-width form that compares as text', () => {
    expect(dhis2Timestamp('2021-06-02T10:41:07.3')).to.equal('2021-06-02T10:41:07.300');
    expect(dhis2Timestamp('2021-06-02T10:41')).to.equal('2021-06-02T10:41:00.000');
    expect(dhis2Timestamp('2021-06-02')).to.equal('2021-06-02T00:00:00.000');
    expect(dhis2Timestamp('2021-06-02T10:41:07.331456')).to.equal('2021-06-02T10:41:07.331');
    expect(dhis2Timestamp('2021-06-02T10:41:07.331Z')).to.equal('2021-06-02T10:41:07.331');
    expect([undefined, 12, '02/06/2021', '2021-06-02T10:41:07+5'].map(dhis2Timestamp)).to.deep.equal([undefined, undefined, undefined, undefined]);
  });

  it('should move a timestamp back across a day, keeping its form', () => {
    expect(secondsBefore('2021-06-02T00:00:30.000', 60)).to.equal('2021-06-01T23:59:30.000');
    expect(secondsBefore('2021-06-02T00:00:30.000', 0.001)).to.equal('2021-06-02T00:00:29.999');
  });
});
