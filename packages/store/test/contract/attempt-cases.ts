import { expect } from 'chai';
import type { AttemptCounter } from '@healthcred/store';
import type { CurrentHarness } from './store-contract.js';

const minuteFromNow = () => new Date(Date.now() + 60_000);

/** AttemptCounter: counts per key and window (with `shared`, several connections count together). */
export function attemptContract(current: CurrentHarness, shared: boolean): void {
  const store = (): AttemptCounter => current().store;

  describe('addAttempt() and countAttempts()', () => {
    it('should count attempts per key and window, starting at 1', async () => {
      const window = { key: 'download:client-a', window: '2026-11-23T10:00' };
      expect(await store().countAttempts(window)).to.equal(0);
      expect(await store().addAttempt({ ...window, expiresAt: minuteFromNow() })).to.equal(1);
      expect(await store().addAttempt({ ...window, expiresAt: minuteFromNow() })).to.equal(2);
      expect(await store().countAttempts(window)).to.equal(2);
      expect(await store().countAttempts({ ...window, key: 'download:client-b' })).to.equal(0);
      expect(await store().countAttempts({ ...window, window: '2026-11-23T10:01' })).to.equal(0);
    });

    it('should forget an expired window', async () => {
      const window = { key: 'download:client-c', window: 'w1' };
      await store().addAttempt({ ...window, expiresAt: new Date(Date.now() - 1000) });
      expect(await store().countAttempts(window)).to.equal(0);
    });

    if (shared) {
      it('should count attempts from several connections together (a limit holds across replicas)', async () => {
        const other = await current().connectAgain!();
        try {
          const window = { key: 'download:client-d', window: 'w1', expiresAt: minuteFromNow() };
          await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? other : store()).addAttempt(window)));
          expect(await other.countAttempts(window)).to.equal(10);
        } finally {
          await other.close();
        }
      });
    }
  });
}
