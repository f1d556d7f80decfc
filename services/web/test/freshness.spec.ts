import { expect } from 'chai';
import {
  DEFAULT_LIST_TTL_MS, dueAt, isNotOlder, isStale, listTtlMs, maxAgeMsOf, oldestSavedAt,
} from '../src/verify/freshness.js';

const list = (ttl?: unknown, issuanceDate = '2026-01-15T10:00:00Z') => ({ issuanceDate, credentialSubject: { ttl } });

describe('verifier freshness', () => {
  it('should take a status list\'s time to live from credentialSubject.ttl, else its answer\'s max-age, else 5 minutes', () => {
    const kept = (value: unknown, maxAgeMs?: number) => ({ value, savedAt: '2026-01-15T10:00:00.000Z', ...(maxAgeMs ? { maxAgeMs } : {}) });
    expect(listTtlMs(kept(list(1000)))).to.equal(1000);
    expect(listTtlMs(kept(list(1000), 60_000))).to.equal(1000);
    for (const ttl of [undefined, 0, -5, '1000', Number.NaN]) {
      expect(listTtlMs(kept(list(ttl))), String(ttl)).to.equal(DEFAULT_LIST_TTL_MS);
      expect(listTtlMs(kept(list(ttl), 2000)), String(ttl)).to.equal(2000);
    }
    expect(listTtlMs(undefined)).to.equal(DEFAULT_LIST_TTL_MS);
  });

  it('should read max-age from Cache-Control, and nothing from a header without a positive one', () => {
    expect(maxAgeMsOf('public, max-age=300')).to.equal(300_000);
    expect(maxAgeMsOf('max-age=1')).to.equal(1000);
    for (const header of [null, '', 'no-store', 'max-age=0', 'max-age=-5', 'max-age=abc', 's-maxage=60', 'public, x-max-age=60']) {
      expect(maxAgeMsOf(header), String(header)).to.equal(undefined);
    }
  });

  it('should call a copy stale once its time to live is over, and an unreadable date stale at once', () => {
    const cached = { value: {}, savedAt: '2026-01-15T10:00:00.000Z' };
    const saved = Date.parse(cached.savedAt);
    expect(dueAt(cached, 1000)).to.equal(saved + 1000);
    expect(isStale(cached, 1000, saved + 999)).to.equal(false);
    expect(isStale(cached, 1000, saved + 1000)).to.equal(true);
    expect(isStale({ value: {}, savedAt: 'yesterday' }, 1000, saved)).to.equal(true);
  });

  it('should let a fetched list replace the kept one only when it was not issued earlier', () => {
    expect(isNotOlder(list(1, '2026-01-15T10:00:01Z'), list(1))).to.equal(true);
    expect(isNotOlder(list(1), list(1))).to.equal(true);
    expect(isNotOlder(list(1, '2026-01-15T09:59:59Z'), list(1))).to.equal(false);
    expect(isNotOlder({}, list(1))).to.equal(false);
  });

  it('should give the oldest fetch time as the age of the kept documents', () => {
    const at = (savedAt: string) => ({ value: {}, savedAt });
    expect(oldestSavedAt([at('2026-01-15T10:00:00.000Z'), at('2026-01-15T09:00:00.000Z'), at('2026-01-15T11:00:00.000Z')]))
      .to.equal('2026-01-15T09:00:00.000Z');
  });
});
