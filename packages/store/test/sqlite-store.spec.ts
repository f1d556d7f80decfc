import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { HealthcredError } from '@healthcred/errors';
import { openSqliteStore } from '@healthcred/store';
import type { CredentialStore } from '@healthcred/store';
import { describeStoreContract } from './contract/store-contract.js';
import { mockCertificate } from './fixtures/certificates.js';

describeStoreContract({
  name: 'SQLite file',
  shared: true,
  async createHarness() {
    const dir = mkdtempSync(join(tmpdir(), 'healthcred-store-'));
    const path = join(dir, 'store.db');
    const opened: CredentialStore[] = [openSqliteStore({ path })];
    return {
      store: opened[0]!,
      async connectAgain() {
        opened.push(openSqliteStore({ path }));
        return opened[opened.length - 1]!;
      },
      async destroy() {
        await Promise.all(opened.map((store) => store.close()));
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
});

describeStoreContract({
  name: 'SQLite :memory:',
  shared: false,
  async createHarness() {
    const store = openSqliteStore({ path: ':memory:' });
    return { store, destroy: () => store.close() };
  },
});

describe('openSqliteStore()', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'healthcred-store-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('should create a WAL database whose certificates survive closing and reopening', async () => {
    const path = join(dir, 'store.db');
    const store = openSqliteStore({ path, now: () => new Date('2025-03-01T00:00:00Z') });
    const saved = await store.saveIssued(mockCertificate(1));
    expect(saved.certificate.updatedAt).to.equal('2025-03-01T00:00:00.000Z');
    await store.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).to.equal('wal');
    raw.close();
    const reopened = openSqliteStore({ path });
    expect(await reopened.findByCertificateId(saved.certificate.certificateId)).to.deep.equal(saved.certificate);
    await reopened.close();
  });

  describe('negative', () => {
    it('rejects a path in a missing directory with an internal HealthcredError', () => {
      expect(() => openSqliteStore({ path: join(dir, 'missing', 'store.db') }))
        .to.throw(HealthcredError, /Could not open the SQLite credential store/);
    });

    it('rejects a file that is not a SQLite database', async () => {
      const path = join(dir, 'not-a-db');
      const { writeFileSync } = await import('node:fs');
      writeFileSync(path, 'x'.repeat(4096));
      expect(() => openSqliteStore({ path })).to.throw(HealthcredError);
    });
  });
});
