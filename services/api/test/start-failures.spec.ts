import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadConfig } from '@healthcred/config';
import { loadIssuerKeys } from '@healthcred/runtime';
import { openSqliteStore } from '@healthcred/store';
import { openSqliteBus } from '@healthcred/bus';
import { pino } from 'pino';
import { corruptLeafPage } from '@healthcred/testing';
import { mockCertificate } from '@healthcred/testing';

const root = new URL('../../../', import.meta.url).pathname;
// Root may write anywhere whatever the mode bits say, so as root the process under test runs as `nobody`, for whom a
// 0500 directory is as read-only as a read-only mount; as anyone else the mode bits do it alone.
const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

/** Runs an entry point of healthcred with `env` until it exits (it must not start), as `nobody` when we are root. */
function start(script: string, env: Record<string, string>, args: string[] = []) {
  const result = spawnSync(process.execPath, [join(root, script), ...args], {
    env: { PATH: process.env.PATH ?? '', PORT: '18931', LOG_LEVEL: 'silent', ...env }, encoding: 'utf8', timeout: 30_000,
    ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  return { status: result.status, stderr: result.stderr };
}

/** A data directory with a development key, owned by the user the process under test runs as. */
function dataDirWithKey(): string {
  const parent = mkdtempSync(join(tmpdir(), 'healthcred-start-'));
  chmodSync(parent, 0o755);
  const dataDir = join(parent, 'data');
  mkdirSync(dataDir, { mode: 0o700 });
  loadIssuerKeys(loadConfig({ HEALTHCRED_DATA_DIR: dataDir }), pino({ level: 'silent' }));
  if (asRoot) for (const name of ['', ...readdirSync(dataDir)]) chownSync(join(dataDir, name), NOBODY, NOBODY);
  return dataDir;
}

describe('a data directory that cannot serve, at start and at run time', () => {
  describe('negative', () => {
    it('exits saying the data directory is read-only, without a stack (npm start)', () => {
      const dataDir = dataDirWithKey();
      chmodSync(dataDir, 0o500);
      const { status, stderr } = start('scripts/start.mjs', { HEALTHCRED_DATA_DIR: dataDir });
      expect(status).to.equal(1);
      expect(stderr.trim()).to.equal(`healthcred: HEALTHCRED_DATA_DIR ${dataDir} cannot be written: `
        + 'permission denied: the directory or file is read-only for this user.');
    });

    it('exits saying the store is read-only when its file cannot be written, without a stack (the issuer)', async () => {
      const dataDir = dataDirWithKey();
      const store = openSqliteStore({ path: join(dataDir, 'store.sqlite') });
      await store.saveIssued(mockCertificate(1));
      await store.close();
      // Readable but not writable by the process: SQLite then opens it read-only without a word.
      if (asRoot) chownSync(join(dataDir, 'store.sqlite'), 0, 0);
      chmodSync(join(dataDir, 'store.sqlite'), 0o444);
      const { status, stderr } = start('services/issuer/dist/main.js', { HEALTHCRED_DATA_DIR: dataDir });
      expect(status).to.equal(1);
      expect(stderr.trim()).to.equal('healthcred issuer: store.sqlite cannot be written: the database is read-only '
        + '(a read-only file system, or a file or directory this user may not write).');
    });

    it('says the event log is read-only when an import cannot publish, without a stack (the CLI, at run time)', async () => {
      const dataDir = dataDirWithKey();
      const path = join(dataDir, 'events.sqlite');
      await openSqliteBus({ path }).close();
      if (asRoot) chownSync(path, 0, 0);
      chmodSync(path, 0o444);
      const { status, stderr } = start('packages/cli/dist/main.js', { HEALTHCRED_DATA_DIR: dataDir },
        ['dhis2', 'import', join(root, 'examples/dhis2/tracker-tracked-entities.json')]);
      expect(status).to.equal(1);
      expect(stderr.trim()).to.equal('healthcred dhis2: Could not publish to the SQLite log: the database is read-only '
        + '(a read-only file system, or a file or directory this user may not write). [unavailable]');
    });

    it('exits naming the field of a malformed DHIS2 stats mapping, without a stack (the API)', () => {
      const dataDir = dataDirWithKey();
      const mapping = join(dataDir, 'stats-mapping.json');
      writeFileSync(mapping, JSON.stringify({ dataSet: 'VacCertDS01', dataElements: [{ measure: 'given', vaccine: 'X', dose: 1, dataElement: 'CertIssued1' }], categoryOptionCombos: [] }));
      if (asRoot) chownSync(mapping, NOBODY, NOBODY);
      const { status, stderr } = start('services/api/dist/main.js', { HEALTHCRED_DATA_DIR: dataDir, DHIS2_STATS_MAPPING_FILE: mapping });
      expect(status).to.equal(1);
      expect(stderr).to.contain(`${mapping}: mapping.dataElements[0].measure: must be one of`);
      expect(stderr).to.not.match(/\n\s+at /);
    });

    it('exits on a store with a corrupted page, saying what to do, without a stack (the API)', async () => {
      const dataDir = dataDirWithKey();
      const path = join(dataDir, 'store.sqlite');
      const store = openSqliteStore({ path });
      await store.saveIssuedMany(Array.from({ length: 300 }, (_, i) => ({
        ...mockCertificate(i + 1), credential: { filler: `${i}:${'x'.repeat(2000)}` },
      })));
      await store.close();
      corruptLeafPage(path, 'certificates');
      if (asRoot) chownSync(path, NOBODY, NOBODY);
      const { status, stderr } = start('services/api/dist/main.js', { HEALTHCRED_DATA_DIR: dataDir });
      expect(status).to.equal(1);
      expect(stderr).to.match(/^healthcred api: store\.sqlite failed its integrity check \(.+\): stop healthcred, restore store\.sqlite from a backup/);
      expect(stderr).to.not.match(/\n\s+at /);
    });
  });
});
