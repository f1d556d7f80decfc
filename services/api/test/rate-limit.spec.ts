import { expect } from 'chai';
import type { Request } from 'express';
import { openSqliteStore, type AttemptCounter, type CredentialStore } from '@healthcred/store';
import { citizenTries } from '../src/rate-limit.js';

const MINUTE = 60_000;
const from = (ip: string) => ({ ip }) as unknown as Request;

/** The store's attempt counter and nothing else: a limiter that reached for another port would fail here. */
function counterOf(store: CredentialStore): AttemptCounter {
  return { addAttempt: store.addAttempt, countAttempts: store.countAttempts, ping: store.ping };
}

describe('citizenTries()', () => {
  let store: CredentialStore;
  // Near the real time (the store forgets attempt windows by its own clock), at the start of a minute.
  let start: number;

  beforeEach(() => {
    start = Math.floor(Date.now() / MINUTE) * MINUTE + 1_000;
    store = openSqliteStore({ path: ':memory:' });
  });
  afterEach(() => store.close());

  describe('negative', () => {
    it('fails closed with a retryable unavailable error when the counter cannot count', async () => {
      const tries = citizenTries(counterOf(store), 3, () => start);
      await store.close();
      for (const attempt of [() => tries.check(from('10.0.0.1')), () => tries.fail(from('10.0.0.1'))]) {
        expect(await attempt().catch((e: unknown) => e)).to.include({ code: 'unavailable', retryable: true });
      }
    });

    it('refuses the try after `limit` wrong ones in a minute, whatever the pair, until the minute ends', async () => {
      let now = start;
      const tries = citizenTries(counterOf(store), 3, () => now);
      for (let n = 0; n < 3; n += 1) {
        await tries.check(from('10.0.0.1'));
        await tries.fail(from('10.0.0.1'));
      }
      expect(await tries.check(from('10.0.0.1')).catch((e: unknown) => e)).to.include({ code: 'rate_limited', retryAfter: 59 });
      await tries.check(from('10.0.0.2'));
      now = start + MINUTE;
      await tries.check(from('10.0.0.1'));
    });
  });

  it('should count the addresses of one IPv6 /64 as one client', async () => {
    const tries = citizenTries(counterOf(store), 2, () => start);
    await tries.fail(from('2001:db8:1:2::1'));
    await tries.fail(from('2001:db8:1:2:ffff::9'));
    expect(await tries.check(from('2001:db8:1:2::77')).catch((e: unknown) => e)).to.include({ code: 'rate_limited' });
    await tries.check(from('2001:db8:1:3::1'));
  });
});
