import { expect } from 'chai';
import { pino } from 'pino';
import { purgeExpired, startRetentionSweep } from '@healthcred/runtime';
import { openSqliteStore, type CredentialStore } from '@healthcred/store';

const DAY = 24 * 60 * 60 * 1000;

function capturing(lines: Record<string, unknown>[]) {
  return pino({ level: 'debug' }, { write: (line: string) => { lines.push(JSON.parse(line) as Record<string, unknown>); } });
}

describe('retention', () => {
  let store: CredentialStore;
  const now = new Date('2026-03-31T00:00:00Z');
  beforeEach(async () => {
    store = openSqliteStore({ path: ':memory:' });
    for (const [payload, daysAgo] of [['old', 40], ['edge', 31], ['recent', 2]] as const) {
      await store.saveDeadLetter({ topic: 't', payload, code: 'invalid_input', reason: 'x', attempts: 1, at: new Date(now.getTime() - daysAgo * DAY).toISOString() });
    }
  });
  afterEach(() => store.close());

  it('should delete the dead letters older than the retention, count them and log the counts', async () => {
    const lines: Record<string, unknown>[] = [];
    const counts = await purgeExpired({ store, retention: { deadLetterDays: 30, attemptDays: 1, sweepMinutes: 60 }, logger: capturing(lines), now: () => now });
    expect(counts).to.deep.equal({ deadLetters: 2, attempts: 0 });
    expect((await store.listDeadLetters()).map((letter) => letter.payload)).to.deep.equal(['recent']);
    expect(lines.at(-1)).to.include({ deadLetters: 2, attempts: 0, deadLetterDays: 30, msg: 'retention: purged expired dead letters and attempt windows' });
  });

  it('should purge at once when the sweep starts, and log a failure instead of throwing', async () => {
    const lines: Record<string, unknown>[] = [];
    const stop = startRetentionSweep({ store, retention: { deadLetterDays: 30, attemptDays: 1, sweepMinutes: 60 }, logger: capturing(lines), now: () => now });
    await new Promise((resolve) => setTimeout(resolve, 50));
    stop();
    expect((await store.listDeadLetters()).map((letter) => letter.payload)).to.deep.equal(['recent']);
    await store.close();
    const failing = startRetentionSweep({ store, retention: { deadLetterDays: 30, attemptDays: 1, sweepMinutes: 60 }, logger: capturing(lines) });
    await new Promise((resolve) => setTimeout(resolve, 50));
    failing();
    expect(lines.at(-1)).to.include({ msg: 'retention: the purge failed; it runs again at the next sweep' });
  });
});
