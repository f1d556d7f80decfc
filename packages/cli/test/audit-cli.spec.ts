import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'chai';
import { runCli } from '@healthcred/cli';
import { openSqliteStore, type CredentialStore } from '@healthcred/store';

interface Run { code: number; stdout: string; stderr: string }

describe('healthcred audit (against the configured SQLite store file)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const path = () => join(dir, 'store.sqlite');

  async function cli(...args: string[]): Promise<Run> {
    const run = { code: 0, stdout: '', stderr: '' };
    run.code = await runCli(args, { stdout: (text) => { run.stdout += text; }, stderr: (text) => { run.stderr += text; } }, env);
    return run;
  }

  async function withStore<T>(work: (store: CredentialStore) => Promise<T>): Promise<T> {
    const store = openSqliteStore({ path: path() });
    try {
      return await work(store);
    } finally {
      await store.close();
    }
  }

  /** Opens the file as anyone with access to the disk could, and changes it behind the store's back. */
  function tamper(sql: string): void {
    const db = new Database(path());
    try {
      db.exec(sql);
    } finally {
      db.close();
    }
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'healthcred-audit-cli-'));
    env = { HEALTHCRED_DATA_DIR: dir };
    await withStore(async (store) => {
      for (const n of [1, 2, 3, 4]) {
        await store.appendAudit({ at: new Date().toISOString(), actor: 'amara', action: 'certificate.revoke', target: `CERT-${n}`, reason: 'issued in error' });
      }
    });
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('verify, negative', () => {
    it('exits 1 naming an edited entry', async () => {
      tamper("UPDATE audit_log SET reason = 'holder asked' WHERE seq = 3");
      const run = await cli('audit', 'verify');
      expect(run.code).to.equal(1);
      expect(run.stdout).to.contain('Audit log BROKEN at seq 3: seq 3 was changed after it was written');
      expect(run.stdout).to.contain('2 entries before it intact');
    });

    it('exits 1 naming a deleted entry, in the middle or at the end', async () => {
      tamper('DELETE FROM audit_log WHERE seq = 2');
      const middle = await cli('audit', 'verify');
      expect([middle.code, middle.stdout]).to.deep.equal([1, 'Audit log BROKEN at seq 3: seq 2 missing (deleted): seq 3 follows seq 1.\n1 entry before it intact.\n']);
      tamper('DELETE FROM audit_log WHERE seq >= 2');
      const end = await cli('audit', 'verify');
      expect([end.code, end.stdout]).to.deep.equal([1, "Audit log BROKEN at seq 4: seq 2 to 4 missing (deleted): the store's head record names seq 4.\n1 entry before it intact.\n"]);
    });

    it('exits 1 when the entry of an anchor noted earlier was rewritten, and refuses a malformed anchor', async () => {
      const before = (await cli('audit', 'verify')).stdout;
      const anchor = /--anchor (\S+)/.exec(before)![1]!;
      tamper("UPDATE audit_log SET hash = '" + 'e'.repeat(64) + "' WHERE seq = 4");
      const run = await cli('audit', 'verify', '--anchor', anchor);
      expect(run.code).to.equal(1);
      expect((await cli('audit', 'verify', '--anchor', '4:abc')).code).to.equal(2);
    });
  });

  it('should say an untouched log is intact, with the anchor to note, and report the legacy prefix', async () => {
    const run = await cli('audit', 'verify');
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.match(/^Audit log intact: 4 entries in the chain\.\nLast entry: --anchor 4:[0-9a-f]{64}\n$/);
    expect((await cli('audit', 'verify', '--anchor', /--anchor (\S+)/.exec(run.stdout)![1]!)).code).to.equal(0);
    tamper("INSERT INTO audit_log (seq, id, at, actor, action, target, reason) VALUES (0, 'old', '2024-01-01T00:00:00Z', 'admin', 'x', 'y', 'z')");
    expect((await cli('audit', 'verify')).stdout).to.match(/^1 entry written before the chain began \(no hash\): not checked\.\nAudit log intact/);
    const legacy = await cli('audit', 'verify', '--json');
    expect(JSON.parse(legacy.stdout)).to.deep.include({ intact: true, legacy: 1, checked: 4 });
  });

  it('should list the log most recent first, and record reads of personal data by the CLI', async () => {
    await withStore((store) => store.saveDeadLetter({
      topic: 'dhis2.hooks', payload: '{"name":"Nimal Perera"}', code: 'invalid_input', reason: 'r', attempts: 1, at: new Date().toISOString(),
    }));
    expect((await cli('deadletter', 'list')).stdout).to.not.contain('Nimal');
    expect((await cli('deadletter', 'list', '--json')).stdout).to.contain('Nimal');
    const id = JSON.parse((await cli('deadletter', 'list', '--json')).stdout.split('\n')[0]!).id as string;
    expect((await cli('deadletter', 'show', id.slice(0, 12))).stdout).to.contain('Nimal');
    expect((await cli('certificates', 'show', 'AAAA-BBBB-CCCC')).code, 'an unknown certificate is not a read').to.equal(1);
    const listed = await cli('audit', 'list', '--limit', '4');
    expect(listed.stdout.split('\n')[0]).to.match(/^SEQ\s+WHEN\s+ACTOR\s+ACTION\s+TARGET\s+REASON$/);
    const json = (await cli('audit', 'list', '--json')).stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(json.map((e) => [e.seq, e.action])).to.deep.equal([
      [7, 'dead_letter.read'], [6, 'dead_letter.list'], [5, 'dead_letter.list'],
      [4, 'certificate.revoke'], [3, 'certificate.revoke'], [2, 'certificate.revoke'], [1, 'certificate.revoke'],
    ]);
    expect(json[0]).to.deep.include({ target: id, details: { topic: 'dhis2.hooks' } });
    expect(json[0].actor).to.match(/^cli:/);
    expect(JSON.stringify(json)).to.not.contain('Nimal');
    expect((await cli('audit', 'verify')).code).to.equal(0);
  });
});
