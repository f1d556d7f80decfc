import { expect } from 'chai';
import { drainChanges } from '../src/keyset-pages.js';
import { openSqliteSyncWatermarks, type SyncWatermarks } from '@healthcred/store';

const at = (second: number) => `2021-06-01T08:00:${String(second).padStart(2, '0')}.000`;

/** A feed over `items` that answers as DHIS2 does (>= since, oldest first, paged), recording what it was asked. */
function feed(items: { event: string; updatedAt: string }[], options: { ignorePaging?: boolean } = {}) {
  const asked: [string | undefined, number][] = [];
  const handled: string[] = [];
  return {
    asked, handled,
    feed: {
      source: 'test', where: 'GET /api/tracker/events',
      fetch: async (since: string | undefined, page: number) => {
        asked.push([since, page]);
        const after = items.filter((item) => since === undefined || item.updatedAt >= since);
        const number = options.ignorePaging ? 1 : page;
        return after.slice((number - 1) * 2, number * 2);
      },
      handle: async (page: Record<string, unknown>[]) => { handled.push(...page.map((item) => item['event'] as string)); },
    },
  };
}

describe('drainChanges()', () => {
  let marks: SyncWatermarks;
  beforeEach(async () => { marks = await openSqliteSyncWatermarks({ path: ':memory:' }); });
  afterEach(() => marks.close());

  describe('negative', () => {
    it('rejects a server that answers the same full page whatever the page number', async () => {
      const same = [{ event: 'A', updatedAt: at(1) }, { event: 'B', updatedAt: at(1) }, { event: 'C', updatedAt: at(1) }];
      const error = await drainChanges(feed(same, { ignorePaging: true }).feed, { watermarks: marks, pageSize: 2, overlapSeconds: 0 })
        .catch((e: Error) => e);
      expect((error as Error).message).to.contain('page 2 with the same page as before: it ignores "page"');
    });
  });

  it('should ask each next page from just before the latest change, and page on only within one instant', async () => {
    const items = [{ event: 'A', updatedAt: at(1) }, { event: 'B', updatedAt: at(2) }, { event: 'C', updatedAt: at(2) },
      { event: 'D', updatedAt: at(2) }, { event: 'E', updatedAt: at(3) }];
    const run = feed(items);
    expect(await drainChanges(run.feed, { watermarks: marks, pageSize: 2, overlapSeconds: 0 })).to.equal(at(3));
    expect(new Set(run.handled)).to.deep.equal(new Set(['A', 'B', 'C', 'D', 'E']));
    expect(run.asked[0]).to.deep.equal([undefined, 1]);
    expect(run.asked[1]).to.deep.equal(['2021-06-01T08:00:01.999', 1]);
    expect(run.asked.some(([, page]) => page === 2), 'a full page of one instant pages on').to.equal(true);
    expect((await marks.read('test'))?.value).to.equal(at(3));
  });

  it('should start from the stored watermark minus the overlap', async () => {
    await marks.advance('test', at(30));
    const run = feed([{ event: 'A', updatedAt: at(29) }]);
    await drainChanges(run.feed, { watermarks: marks, pageSize: 2, overlapSeconds: 5 });
    expect(run.asked[0]).to.deep.equal([at(25), 1]);
    expect((await marks.read('test'))?.value).to.equal(at(30));
  });
});
