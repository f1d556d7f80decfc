import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { openSqliteBus } from '@healthcred/bus';
import { openSqliteStore } from '@healthcred/store';
// @ts-expect-error plain JS module shared with scripts/backfill-crash.mjs
import { trackedEntity } from '../../../scripts/lib/dhis2-backfill.mjs';

const CLI = new URL('../../../packages/cli/dist/main.js', import.meta.url).pathname;
const EVENTS = Number(process.env.BACKFILL_EVENTS ?? 600);

function startIssuer(dataDir: string): ChildProcess {
  return spawn(process.execPath, [CLI, 'issuer'], {
    env: { PATH: process.env.PATH, HEALTHCRED_DATA_DIR: dataDir, LOG_LEVEL: 'error' }, stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function until(condition: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('healthcred issuer killed with SIGKILL in the middle of a DHIS2 backfill', function () {
  this.timeout(120_000);

  it(`should end with exactly ${EVENTS} credentials after a restart: none lost, none doubled`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'healthcred-backfill-'));
    const bus = openSqliteBus({ path: join(dataDir, 'events.sqlite') });
    const store = openSqliteStore({ path: join(dataDir, 'store.sqlite') });
    try {
      for (let n = 0; n < EVENTS; n += 500) {
        const batch = Array.from({ length: Math.min(500, EVENTS - n) }, (_, i) => ({ value: JSON.stringify(trackedEntity(n + i)) }));
        await bus.publish('dhis2.hooks', batch);
      }
      const first = startIssuer(dataDir);
      await until(async () => (await store.count()) >= EVENTS / 4, 'a quarter of the credentials', 60_000);
      const exited = once(first, 'exit');
      first.kill('SIGKILL');
      await exited;
      const atKill = await store.count();
      expect(atKill).to.be.lessThan(EVENTS);

      const second = startIssuer(dataDir);
      try {
        await until(async () => (await store.count()) >= EVENTS, 'every credential', 90_000);
        await new Promise((resolve) => setTimeout(resolve, 500));
      } finally {
        second.kill('SIGTERM');
        await once(second, 'exit');
      }
      const certificates = [];
      for (let page = await store.list({ limit: 1000 }); page.length > 0;
        page = await store.list({ limit: 1000, after: page.at(-1)!.certificateId })) certificates.push(...page);
      expect(certificates).to.have.length(EVENTS);
      expect(new Set(certificates.map((c) => c.sourceKey)).size).to.equal(EVENTS);
      expect(await store.count({ status: 'issued' })).to.equal(EVENTS);
      expect(await store.listDeadLetters({ limit: 10 })).to.deep.equal([]);
    } finally {
      await bus.close();
      await store.close();
    }
  });
});
