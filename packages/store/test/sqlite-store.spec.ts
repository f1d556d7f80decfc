import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { HealthcredError } from '@healthcred/errors';
import { openSqliteStore } from '@healthcred/store';
import type { CredentialStore } from '@healthcred/store';
import { describeStoreContract } from './contract/store-contract.js';
import { mockCertificate } from '@healthcred/testing';

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

  it('should open a store made by an earlier version (no source time column) and keep its certificates', async () => {
    const path = join(dir, 'store.db');
    const earlier = new Database(path);
    earlier.exec(`CREATE TABLE certificates (certificate_id TEXT PRIMARY KEY, credential_id TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL, source_key TEXT NOT NULL, content_hash TEXT NOT NULL, subject_id TEXT NOT NULL,
      dob TEXT NOT NULL, issued_at TEXT NOT NULL, credential TEXT NOT NULL, status_list_index INTEGER UNIQUE,
      status TEXT NOT NULL, status_reason TEXT, superseded_by TEXT, supersedes TEXT, updated_at TEXT NOT NULL) WITHOUT ROWID`);
    earlier.prepare(`INSERT INTO certificates VALUES ('OLD1-OLD1-OLD1', 'urn:uuid:old', 'vaccination', 'dhis2:TE0001:EV0001:1',
      '${'a'.repeat(64)}', 'did:pseudonym:0001', '1985-04-12', '2024-01-01T00:00:00Z', '{"id":"old"}', NULL, 'issued', NULL, NULL,
      NULL, '2024-01-01T00:00:00Z')`).run();
    earlier.close();
    const store = openSqliteStore({ path });
    expect(await store.findByCertificateId('OLD1-OLD1-OLD1')).to.include({ sourceKey: 'dhis2:TE0001:EV0001:1' })
      .and.not.have.property('sourceUpdatedAt');
    const corrected = await store.saveIssued(mockCertificate(1, { contentHash: 'b'.repeat(64), sourceUpdatedAt: '2021-06-03T08:00:00Z' }));
    expect(corrected.outcome).to.equal('superseded');
    expect(await store.findByCertificateId(corrected.certificate.certificateId)).to.deep.equal(corrected.certificate);
    await store.close();
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
