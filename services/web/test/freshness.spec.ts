import { expect } from 'chai';
import {
  DEFAULT_LIST_TTL_MS, dueAt, isNotOlder, isStale, listTtlMs, oldestSavedAt,
} from '../src/verify/freshness.js';

const list = (ttl?: unknown, issuanceDate = '2026-01-15T10:00:00Z') => ({ issuanceDate, credentialSubject: { ttl } });

describe('verifier freshness', () => {
  it('should take a status list\'s time to live from credentialSubject.ttl, else 5 minutes', () => {
    expect(listTtlMs(list(1000))).to.equal(1000);
    for (const ttl of [undefined, 0, -5, '1000', Number.NaN]) expect(listTtlMs(list(ttl)), String(ttl)).to.equal(DEFAULT_LIST_TTL_MS);
    expect(listTtlMs(undefined)).to.equal(DEFAULT_LIST_TTL_MS);
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
