import { expect } from 'chai';
import { expectTypeError } from './type-error.js';
import type { SyncWatermarks } from '@healthcred/store';

/** An adapter under test: each call gives fresh empty watermarks, and `again` a second connection to them. */
export interface SyncWatermarksAdapter {
  name: string;
  create(now: () => Date): Promise<{ marks: SyncWatermarks; again(): Promise<SyncWatermarks>; destroy(): Promise<void> }>;
}

const SOURCE = 'dhis2:http://dhis2.example:yDuAzyqYABS';

/** Registers the SyncWatermarks contract: every adapter must pass it unchanged. */
export function describeSyncWatermarksContract(adapter: SyncWatermarksAdapter): void {
  describe(`SyncWatermarks contract: ${adapter.name}`, function () {
    let harness: Awaited<ReturnType<SyncWatermarksAdapter['create']>>;
    const at = new Date('2026-01-02T03:04:05.000Z');
    beforeEach(async () => {
      harness = await adapter.create(() => at);
    });
    afterEach(() => harness.destroy());

    describe('negative', function () {
      it('rejects an empty source or value', async function () {
        expectTypeError(await harness.marks.advance('', '2021-01-01T00:00:00.000').catch((e: unknown) => e), '"source"');
        expectTypeError(await harness.marks.advance(SOURCE, '').catch((e: unknown) => e), '"value"');
      });

      it('should never move a watermark back', async function () {
        expect(await harness.marks.advance(SOURCE, '2021-06-02T10:00:00.000')).to.equal(true);
        expect(await harness.marks.advance(SOURCE, '2021-06-01T10:00:00.000')).to.equal(false);
        expect(await harness.marks.advance(SOURCE, '2021-06-02T10:00:00.000')).to.equal(false);
        expect((await harness.marks.read(SOURCE))?.value).to.equal('2021-06-02T10:00:00.000');
      });
    });

    it('should read nothing before the first advance, then the latest value from another connection', async function () {
      expect(await harness.marks.read(SOURCE)).to.equal(undefined);
      await harness.marks.advance(SOURCE, '2021-06-02T10:00:00.000');
      await harness.marks.advance(SOURCE, '2021-06-03T10:00:00.000');
      expect(await (await harness.again()).read(SOURCE)).to.deep.equal({ source: SOURCE, value: '2021-06-03T10:00:00.000',
        updatedAt: at.toISOString() });
    });

    it('should keep sources apart', async function () {
      await harness.marks.advance(SOURCE, '2021-06-03T10:00:00.000');
      await harness.marks.advance(`${SOURCE}x`, '2020-01-01T00:00:00.000');
      expect((await harness.marks.read(SOURCE))?.value).to.equal('2021-06-03T10:00:00.000');
      expect((await harness.marks.read(`${SOURCE}x`))?.value).to.equal('2020-01-01T00:00:00.000');
    });
  });
}
