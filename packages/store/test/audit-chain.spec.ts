import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { auditEntryHash, openSqliteStore, verifyAuditLog } from '@healthcred/store';
import type { CredentialStore } from '@healthcred/store';

const run = promisify(execFile);

/** Three chained entries in a store file, then the file opened raw, as someone with access to the disk would. */
describe('verifyAuditLog() on a SQLite file', () => {
  let dir: string;
  let path: string;
  let store: CredentialStore;

  const append = (n: number) => store.appendAudit({
    at: `2026-11-23T10:0${n}:00.000Z`, actor: 'amara', action: 'certificate.revoke', target: `CERT-${n}`, reason: 'issued in error',
  });
  const raw = (sql: string, ...params: unknown[]) => {
    const db = new Database(path);
    try {
      db.prepare(sql).run(...params);
    } finally {
      db.close();
    }
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'healthcred-audit-'));
    path = join(dir, 'store.db');
    store = openSqliteStore({ path });
    for (const n of [1, 2, 3]) await append(n);
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('negative', () => {
    it('names an edited entry whose hash was left as it was', async () => {
      raw("UPDATE audit_log SET reason = 'holder asked' WHERE seq = 2");
      const result = await verifyAuditLog(store);
      expect(result).to.deep.include({ intact: false, checked: 1 });
      expect(result.broken).to.include({ seq: 2, problem: 'seq 2 was changed after it was written: its hash does not match its content' });
    });

    it('names the entry after an edited one whose hash was recomputed', async () => {
      const [, second] = (await store.listAudit()).reverse();
      const edited = { ...second!, actor: 'kasun', seq: 2, prevHash: second!.prevHash! };
      raw("UPDATE audit_log SET actor = 'kasun', hash = ? WHERE seq = 2", auditEntryHash(edited));
      expect((await verifyAuditLog(store)).broken).to.include({
        seq: 3, problem: 'seq 3 does not link to seq 2: seq 2 was changed (its hash recomputed) or replaced',
      });
    });

    it('names the gap a deleted entry leaves, also after more entries were appended', async () => {
      raw('DELETE FROM audit_log WHERE seq = 2');
      await append(4);
      expect((await verifyAuditLog(store)).broken).to.include({ seq: 3, problem: 'seq 2 missing (deleted): seq 3 follows seq 1' });
    });

    it('finds deleted last entries through the head record, and a deleted head record', async () => {
      raw('DELETE FROM audit_log WHERE seq >= 2');
      expect((await verifyAuditLog(store)).broken).to.include({
        seq: 3, problem: "seq 2 to 3 missing (deleted): the store's head record names seq 3",
      });
      raw('DELETE FROM audit_chain');
      expect((await verifyAuditLog(store)).broken).to.deep.equal({ problem: "the store's head record of the chain is missing (deleted)" });
    });

    it('finds deleted first entries', async () => {
      raw('DELETE FROM audit_log WHERE seq = 1');
      expect((await verifyAuditLog(store)).broken).to.include({
        seq: 2, problem: 'seq 2 is the first hashed entry but does not start the chain: the entries before it were deleted',
      });
    });

    it('names an entry without a hash written after the chain began (inserted, or its hash removed)', async () => {
      raw("INSERT INTO audit_log (seq, id, at, actor, action, target, reason) VALUES (10, 'forged', '2026-11-23T11:00:00Z', 'amara', 'x', 'y', 'z')");
      expect((await verifyAuditLog(store)).broken).to.deep.equal({
        id: 'forged', problem: 'entry forged has no hash but follows seq 3: it was inserted, or its hash removed',
      });
    });
  });

  it('should check the chain from the first hashed entry of a store whose earlier version kept no hashes', async () => {
    await store.close();
    rmSync(path);
    const earlier = new Database(path);
    earlier.exec(`CREATE TABLE audit_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, at TEXT NOT NULL,
      actor TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL, reason TEXT NOT NULL, details TEXT)`);
    for (const id of ['old-1', 'old-2']) {
      earlier.prepare("INSERT INTO audit_log (id, at, actor, action, target, reason) VALUES (?, '2025-01-01T00:00:00Z', 'admin', 'certificate.revoke', 'C', 'r')").run(id);
    }
    earlier.close();
    store = openSqliteStore({ path });
    expect((await append(1)).seq, 'the chain starts after the old rows').to.equal(3);
    await append(2);
    const listed = await store.listAudit();
    expect(listed.map((e) => e.seq)).to.deep.equal([4, 3, undefined, undefined]);
    expect(listed[3]).to.deep.equal({ id: 'old-1', at: '2025-01-01T00:00:00Z', actor: 'admin', action: 'certificate.revoke', target: 'C', reason: 'r' });
    expect(await verifyAuditLog(store)).to.deep.include({ intact: true, legacy: 2, checked: 2 });
  });

  it('should read a log of more than one page in the order written', async () => {
    const memory = openSqliteStore({ path: ':memory:' });
    for (let n = 0; n < 1201; n += 1) await memory.appendAudit({ at: '2026-11-23T10:00:00Z', actor: 'a', action: 'b', target: `T${n}`, reason: 'r' });
    const seqs: number[] = [];
    for await (const entry of memory.readAuditLog()) seqs.push(entry.seq!);
    expect(seqs).to.deep.equal(Array.from({ length: 1201 }, (_, i) => i + 1));
    expect(await verifyAuditLog(memory)).to.include({ intact: true, checked: 1201 });
    await memory.close();
  });

  it('should keep one chain when processes append to the same file at the same time', async function () {
    this.timeout(60_000);
    const script = new URL('./fixtures/append-audit.mjs', import.meta.url).pathname;
    await Promise.all(['writer-a', 'writer-b', 'writer-c'].map((actor) => run(process.execPath, [script, path, '40', actor])));
    const result = await verifyAuditLog(store);
    expect(result).to.include({ intact: true, checked: 123 });
    const actors = (await store.listAudit({ limit: 1000 })).map((e) => e.actor);
    for (const actor of ['writer-a', 'writer-b', 'writer-c']) expect(actors.filter((a) => a === actor)).to.have.length(40);
  });
});
