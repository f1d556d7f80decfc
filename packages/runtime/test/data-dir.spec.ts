import { chmodSync, mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadConfig } from '@healthcred/config';
import { HealthcredError } from '@healthcred/errors';
import { loadIssuerKeys, openInfrastructure } from '@healthcred/runtime';
import { openSqliteStore } from '@healthcred/store';
import { pino } from 'pino';
import { corruptLeafPage } from '@healthcred/testing';
import { mockCertificate } from '@healthcred/testing';

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);

function capturing(lines: Record<string, unknown>[]) {
  return pino({ level: 'info' }, { write: (line: string) => { lines.push(JSON.parse(line) as Record<string, unknown>); } });
}

describe('the embedded data directory at start', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'healthcred-data-')), 'data');
  });

  describe('negative', () => {
    it('tightens a 0755 directory and 0644 database and key files to owner-only, one log line each', async () => {
      mkdirSync(dataDir, { mode: 0o755 });
      chmodSync(dataDir, 0o755);
      const config = loadConfig({ HEALTHCRED_DATA_DIR: dataDir });
      const earlier = await openInfrastructure(config, pino({ level: 'silent' }));
      await earlier.close();
      loadIssuerKeys(config, pino({ level: 'silent' }));
      const files = ['store.sqlite', 'events.sqlite', 'issuer-key.json'].map((name) => join(dataDir, name));
      for (const file of [dataDir, ...files]) chmodSync(file, file === dataDir ? 0o755 : 0o644);

      const lines: Record<string, unknown>[] = [];
      loadIssuerKeys(config, capturing(lines));
      const infrastructure = await openInfrastructure(config, capturing(lines));
      await infrastructure.close();
      expect(modeOf(dataDir)).to.equal('700');
      for (const file of files) expect(modeOf(file), file).to.equal('600');
      const tightened = lines.filter((line) => line['msg'] === 'tightened the permissions of a file holding personal data or keys');
      expect(tightened.map((line) => [line['path'], line['was'], line['now']])).to.have.deep.members([
        [dataDir, '0755', '0700'], ...files.map((file) => [file, '0644', '0600']),
      ]);
    });

    it('refuses to start on a store with a corrupted page, saying what to do', async () => {
      const config = loadConfig({ HEALTHCRED_DATA_DIR: dataDir });
      mkdirSync(dataDir, { recursive: true });
      const path = join(dataDir, 'store.sqlite');
      const store = openSqliteStore({ path });
      await store.saveIssuedMany(Array.from({ length: 300 }, (_, i) => ({
        ...mockCertificate(i + 1), credential: { filler: `${i}:${'x'.repeat(2000)}` },
      })));
      await store.close();
      corruptLeafPage(path, 'certificates');
      const error = await openInfrastructure(config, pino({ level: 'silent' })).then(() => undefined, (e: unknown) => e);
      expect(error).to.be.instanceOf(HealthcredError);
      expect((error as HealthcredError).code).to.equal('unavailable');
      expect((error as Error).message).to.match(/^store\.sqlite failed its integrity check \(.+\): stop healthcred, restore store\.sqlite from a backup/);
    });
  });

  it('creates a new data directory 0700 with its databases and development key 0600, logging no change', async () => {
    const config = loadConfig({ HEALTHCRED_DATA_DIR: dataDir });
    const lines: Record<string, unknown>[] = [];
    loadIssuerKeys(config, capturing(lines));
    const infrastructure = await openInfrastructure(config, capturing(lines));
    await infrastructure.store.ping();
    expect(modeOf(dataDir)).to.equal('700');
    for (const name of ['store.sqlite', 'store.sqlite-wal', 'store.sqlite-shm', 'events.sqlite', 'events.sqlite-wal', 'issuer-key.json']) {
      expect(modeOf(join(dataDir, name)), name).to.equal('600');
    }
    await infrastructure.close();
    expect(lines.filter((line) => String(line['msg']).includes('permissions'))).to.deep.equal([]);
  });
});
