import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { HealthcredError } from '@healthcred/errors';
import { openSqliteBus } from '@healthcred/bus';
import { corruptLeafPage } from '@healthcred/testing';

async function rejection(promise: Promise<unknown>): Promise<HealthcredError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).to.be.instanceOf(HealthcredError);
  return error as HealthcredError;
}

const payload = (n: number) => ({ key: `k${n}`, value: `${n}:${'x'.repeat(2000)}` });

describe('SQLite event log failures', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'healthcred-bus-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  describe('negative', () => {
    it('answers a publish to a full disk with "unavailable" in words, and ping says so', async () => {
      const bus = openSqliteBus({ path: join(dir, 'events.sqlite'), maxBytes: 512 * 1024, probeIntervalMs: 0 });
      await bus.ping();
      let refused: HealthcredError | undefined;
      for (let n = 1; n < 1000 && refused === undefined; n++) {
        refused = await bus.publish('dhis2.hooks', [payload(n)]).then(() => undefined, (error: HealthcredError) => error);
      }
      expect(refused?.code).to.equal('unavailable');
      expect(refused?.message).to.equal('Could not publish to the SQLite log: the disk is full.');
      expect((await rejection(bus.ping())).message).to.equal('events.sqlite cannot grow: it has reached its size limit (disk full).');
      await bus.close();
    });

    it('fails the integrity check of a log with one corrupted page, and is not ready from then on', async () => {
      const path = join(dir, 'events.sqlite');
      const bus = openSqliteBus({ path });
      await bus.publish('dhis2.hooks', Array.from({ length: 300 }, (_, n) => payload(n)));
      await bus.close();
      corruptLeafPage(path, 'messages');
      const reopened = openSqliteBus({ path });
      expect((await rejection(reopened.integrity())).message).to.match(/^events\.sqlite failed its integrity check/);
      expect((await rejection(reopened.ping())).message).to.contain('events.sqlite failed its integrity check');
      await reopened.close();
    });
  });
});
