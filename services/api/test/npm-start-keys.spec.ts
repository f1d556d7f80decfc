import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { openSqliteStore } from '@healthcred/store';
import { backfillTrackedEntity, until } from '@healthcred/testing';

const root = new URL('../../../', import.meta.url).pathname;
const ADMIN_TOKEN = 'q7Vx2LmN9pRt4WzK8bYc3Hs6';
const WEBHOOK_TOKEN = 'Jd5Fg8Kl2Mn4Pq7Rs9Tv3Wx6';

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

// `npm start` runs the issuer and the API in one process: a key the admin rotates must sign the very next
// certificate the pipeline issues, not one that waits for the key file to be noticed (every 2 s).
describe('npm start: the issuer and the API in one process share the key in force', function () {
  this.timeout(60_000);
  let dataDir: string;
  let child: ChildProcess | undefined;
  let base: string;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'healthcred-npm-start-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    child = spawn(process.execPath, [join(root, 'scripts/start.mjs')], {
      env: {
        PATH: process.env['PATH'] ?? '', HEALTHCRED_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'silent',
        ADMIN_TOKEN, DHIS2_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    await until(async () => (await fetch(`${base}/health`).catch(() => undefined))?.ok === true, 'npm start to answer', 30_000);
  });

  after(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('should sign the first certificate after an admin key rotation with the new key', async () => {
    const rotated = await fetch(`${base}/admin/keys/rotate`, {
      method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'rotation drill' }),
    });
    expect(rotated.status).to.equal(200);
    const { active } = await rotated.json() as { active: string };
    const hook = await fetch(`${base}/dhis2/webhook`, {
      method: 'POST', headers: { authorization: `Bearer ${WEBHOOK_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(backfillTrackedEntity(1)),
    });
    expect(hook.status).to.equal(202);
    const store = openSqliteStore({ path: join(dataDir, 'store.sqlite') });
    try {
      await until(async () => (await store.count({})) === 1, 'the certificate of the payload', 30_000);
      const [certificate] = await store.list({ limit: 1 });
      expect(certificate!.credential.proof.verificationMethod).to.equal(active);
    } finally {
      await store.close();
    }
  });
});
