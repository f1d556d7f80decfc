import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { openSqliteBus, type SqliteEventBus } from '@healthcred/bus';
import { loadConfig } from '@healthcred/config';
import { openSqliteStore, type CredentialStore } from '@healthcred/store';
// @ts-expect-error plain JS module shared with scripts/backfill-crash.mjs
import { backfillTrackedEntity as trackedEntity, until } from '@healthcred/testing';

const CLI = new URL('../../../packages/cli/dist/main.js', import.meta.url).pathname;
const EVENTS = 1500;
const { topics } = loadConfig({});

/** Runs `healthcred issuer` with debug logs, collecting its stderr. */
function startIssuer(dataDir: string) {
  const child = spawn(process.execPath, [CLI, 'issuer'], {
    env: { PATH: process.env.PATH, HEALTHCRED_DATA_DIR: dataDir, LOG_LEVEL: 'debug' }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  return { child, stderr: () => stderr };
}

describe('healthcred issuer: graceful shutdown and what it logs', function () {
  this.timeout(120_000);
  let dataDir: string;
  let bus: SqliteEventBus;
  let store: CredentialStore;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'healthcred-shutdown-'));
    bus = openSqliteBus({ path: join(dataDir, 'events.sqlite') });
    store = openSqliteStore({ path: join(dataDir, 'store.sqlite') });
    await bus.publish(topics.dhis2, Array.from({ length: EVENTS }, (_, n) => ({ value: JSON.stringify(trackedEntity(n)) })));
  });

  after(async () => {
    await bus.close();
    await store.close();
  });

  it('should stop on SIGTERM mid-stream with exit code 0, having committed only what it stored', async () => {
    const issuer = startIssuer(dataDir);
    await until(async () => (await store.count()) > 0, 'the first credentials', 60_000);
    const exited = once(issuer.child, 'exit');
    issuer.child.kill('SIGTERM');
    const [code] = await exited;
    expect(code, issuer.stderr()).to.equal(0);
    expect(issuer.stderr()).to.contain('stopping: finishing in-flight messages');

    const stored = await store.count();
    expect(stored).to.be.lessThan(EVENTS);
    const committed = (await bus.readOffsets('healthcred-issuer-certify'))
      .filter((o) => o.topic === topics.certify).reduce((sum, o) => sum + Number(o.committed), 0);
    expect(committed, 'no request is committed before its credential is stored').to.be.at.most(stored);
    expect(stored - committed, 'in-flight work was finished and committed, not abandoned').to.equal(0);
  });

  it('should finish the rest after a restart with exactly one credential per event', async () => {
    const issuer = startIssuer(dataDir);
    try {
      await until(async () => (await store.count()) >= EVENTS, 'every credential', 60_000);
    } finally {
      issuer.child.kill('SIGINT');
      expect((await once(issuer.child, 'exit'))[0]).to.equal(0);
    }
    expect(await store.count({ status: 'issued' })).to.equal(EVENTS);
    expect(await store.listDeadLetters()).to.deep.equal([]);
  });

  it('should log structured JSON without names, birth dates, credentials or the private key', async () => {
    const issuer = startIssuer(dataDir);
    await bus.publish(topics.dhis2, [{ value: JSON.stringify(trackedEntity(EVENTS)) }, { value: '{"trackedEntity": 5' }]);
    await until(async () => (await store.count()) > EVENTS && (await store.listDeadLetters()).length > 0, 'the new event and the dead letter', 60_000);
    issuer.child.kill('SIGTERM');
    await once(issuer.child, 'exit');
    const lines = issuer.stderr().trim().split('\n');
    for (const line of lines) expect(() => JSON.parse(line), line).to.not.throw();
    const log = issuer.stderr();
    expect(log).to.contain('message sent to the dead letter');
    const entity = trackedEntity(EVENTS) as { attributes: { value: string }[] };
    for (const { value } of entity.attributes.slice(0, 3)) expect(log, value).to.not.contain(value);
    expect(log).to.not.contain('proofValue');
    const key = JSON.parse(readFileSync(join(dataDir, 'issuer-key.json'), 'utf8')) as { keys: { privateKeyMultibase: string }[] };
    for (const { privateKeyMultibase } of key.keys) expect(log).to.not.contain(privateKeyMultibase);
  });
});

describe('healthcred issuer: a start that fails', () => {
  it('should exit with code 1 and say why when the event log cannot be opened, instead of hanging', async function () {
    this.timeout(30_000);
    const dataDir = mkdtempSync(join(tmpdir(), 'healthcred-failed-start-'));
    mkdirSync(join(dataDir, 'events.sqlite'));
    const issuer = startIssuer(dataDir);
    const [code] = await Promise.race([
      once(issuer.child, 'exit'),
      new Promise<never>((_, reject) => setTimeout(() => {
        issuer.child.kill('SIGKILL');
        reject(new Error('the issuer did not exit after a failed start'));
      }, 20_000)),
    ]);
    expect(code).to.equal(1);
    expect(issuer.stderr()).to.match(/event log/i);
    expect(issuer.stderr()).not.to.match(/\n\s+at /);
  });
});
