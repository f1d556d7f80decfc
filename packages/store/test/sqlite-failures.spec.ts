import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { HealthcredError } from '@healthcred/errors';
import { openSqliteStore, type NewCertificate } from '@healthcred/store';
import { corruptLeafPage } from '@healthcred/testing';
import { mockCertificate } from '@healthcred/testing';

/** A certificate whose credential is about as large as a real signed one (~2 KB). */
function realSizedCertificate(n: number): NewCertificate {
  const certificate = mockCertificate(n);
  return { ...certificate, credential: { ...certificate.credential, filler: `${n}:${'x'.repeat(2000)}` } };
}

async function rejection(promise: Promise<unknown>): Promise<HealthcredError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).to.be.instanceOf(HealthcredError);
  return error as HealthcredError;
}

describe('SQLite store failures', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'healthcred-store-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  describe('negative', () => {
    it('answers a full disk with "unavailable" in words, and ping says so, while reads go on', async () => {
      const store = openSqliteStore({ path: join(dir, 'store.sqlite'), maxBytes: 512 * 1024, probeIntervalMs: 0 });
      await store.ping();
      const saved: string[] = [];
      let refused: HealthcredError | undefined;
      for (let n = 1; n < 1000 && refused === undefined; n++) {
        refused = await store.saveIssued(realSizedCertificate(n)).then((outcome) => {
          saved.push(outcome.certificate.certificateId);
          return undefined;
        }, (error: HealthcredError) => error);
      }
      expect(refused?.code).to.equal('unavailable');
      expect(refused?.message).to.equal('Could not save the certificate: the disk is full.');
      expect(refused?.retryable).to.equal(true);
      expect((await rejection(store.ping())).message).to.equal('store.sqlite cannot grow: it has reached its size limit (disk full).');
      expect(await store.findByCertificateId(saved[0]!)).to.include({ certificateId: saved[0] });
      await store.close();
    });

    it('fails the integrity check of a store with one corrupted page, saying what to do, and is not ready from then on', async () => {
      const path = join(dir, 'store.sqlite');
      const store = openSqliteStore({ path });
      const ids = (await store.saveIssuedMany(Array.from({ length: 300 }, (_, i) => realSizedCertificate(i + 1))))
        .map((outcome) => outcome.certificate.certificateId);
      await store.close();
      corruptLeafPage(path, 'certificates');

      const reopened = openSqliteStore({ path });
      await reopened.ping();
      const failed = await rejection(reopened.integrity());
      expect(failed.code).to.equal('unavailable');
      expect(failed.message).to.match(/^store\.sqlite failed its integrity check \(SQLite quick_check: .+\): stop healthcred, restore store\.sqlite from a backup, or save what can be read with `sqlite3 store\.sqlite \.recover/);
      expect((await rejection(reopened.ping())).message).to.contain('store.sqlite failed its integrity check');
      await reopened.close();

      const unchecked = openSqliteStore({ path });
      const reads = await Promise.allSettled(ids.map((id) => unchecked.findByCertificateId(id)));
      const errors = reads.flatMap((read) => (read.status === 'rejected' ? [read.reason as HealthcredError] : []));
      expect(errors.length).to.be.greaterThan(0);
      expect(errors[0]!.message).to.equal('Could not read the certificate: the database file is corrupt.');
      expect(errors[0]!.code).to.equal('unavailable');
      expect((await rejection(unchecked.ping())).message).to.equal('store.sqlite is unusable: the database file is corrupt.');
      await unchecked.close();
    });
  });

  it('passes the integrity check of a sound store', async () => {
    const store = openSqliteStore({ path: join(dir, 'store.sqlite') });
    await store.saveIssued(realSizedCertificate(1));
    await store.integrity();
    await store.ping();
    await store.close();
  });
});
