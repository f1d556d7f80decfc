import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { openSqliteBus } from '@healthcred/bus';
import type { SqliteEventBus } from '@healthcred/bus';
import { openSqliteStore } from '@healthcred/store';
import type { CredentialStore } from '@healthcred/store';
import { waitFor } from '../contract/consume.js';

const WORKER = join(dirname(fileURLToPath(import.meta.url)), 'issuer-worker.ts');
const EVENTS = 300;

async function startWorker(busPath: string, storePath: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, busPath, storePath], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = await once(child.stdout!, 'data') as [Buffer];
  expect(line.toString()).to.contain('ready');
  return child;
}

async function terminate(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  await exited;
}

describe('SQLite bus + store under SIGKILL', function () {
  this.timeout(60_000);
  let dir: string;
  let bus: SqliteEventBus;
  let store: CredentialStore;
  const children: ChildProcess[] = [];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'healthcred-crash-'));
    bus = openSqliteBus({ path: join(dir, 'bus.db') });
    store = openSqliteStore({ path: join(dir, 'store.db') });
  });

  afterEach(async () => {
    await Promise.all(children.map((child) => terminate(child, 'SIGKILL')));
    await bus.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should store every event exactly once when one of two issuer processes is killed and restarted', async () => {
    const busPath = join(dir, 'bus.db');
    const storePath = join(dir, 'store.db');
    await bus.publish('events', Array.from({ length: EVENTS }, (_, n) => ({ key: `te-${n % 37}`, value: JSON.stringify({ n }) })));
    const victim = await startWorker(busPath, storePath);
    children.push(victim, await startWorker(busPath, storePath));

    const stored = async (): Promise<number> => store.count();
    await waitFor('a third of the events to be stored', async () => await stored() >= EVENTS / 3, 30_000);
    await terminate(victim, 'SIGKILL');
    expect(await stored()).to.be.lessThan(EVENTS);
    children.push(await startWorker(busPath, storePath));
    await waitFor('every event to be stored', async () => await stored() >= EVENTS, 30_000);
    await waitFor('the group to commit every offset', async () =>
      (await bus.readOffsets('issuer')).every((offset) => offset.lag === 0), 10_000);

    const certificates = await store.list({ limit: 1000 });
    const keys = new Set(certificates.map((certificate) => certificate.sourceKey));
    expect(certificates).to.have.length(EVENTS);
    expect(keys.size).to.equal(EVENTS);
    expect(keys).to.deep.equal(new Set(Array.from({ length: EVENTS }, (_, n) => `event:${n}`)));
    expect(await store.count({ status: 'issued' })).to.equal(EVENTS);
  });
});
