import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { buildTrustList, createDccTestPki, parseTrustList } from '@healthcred/dcc';
import { openSqliteStore } from '@healthcred/store';
import { cli } from './fixtures/run.js';

const INDIA = 'did:web:certificates.health.gov.in';

/** The audit log of the embedded store in `dataDir`, oldest first, without ids and chain fields. */
async function auditLog(dataDir: string) {
  const store = openSqliteStore({ path: join(dataDir, 'store.sqlite') });
  try {
    return (await store.listAudit()).reverse().map(({ id: _id, at: _at, seq: _seq, prevHash: _prev, hash: _hash, ...entry }) => entry);
  } finally {
    await store.close();
  }
}

describe('healthcred trust', () => {
  let here: NodeJS.ProcessEnv;
  let india: NodeJS.ProcessEnv;
  let indiaDid: string;
  let indiaDsc: string;

  beforeEach(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'healthcred-trust-cli-'));
    here = { HEALTHCRED_DATA_DIR: join(dir, 'lk'), ISSUER_URL: 'https://certificates.health.gov.lk', ISSUER_COUNTRY: 'LK' };
    const pki = createDccTestPki({ country: 'IN' });
    writeFileSync(join(dir, 'dsc.pem'), pki.dsc.certificatePem);
    writeFileSync(join(dir, 'dsc-key.pem'), pki.dsc.privateKeyPem, { mode: 0o600 });
    indiaDsc = pki.dsc.certificatePem;
    india = {
      HEALTHCRED_DATA_DIR: join(dir, 'in'), ISSUER_URL: 'https://certificates.health.gov.in', ISSUER_COUNTRY: 'IN',
      ISSUER_AUTHORITY_NAME: 'Ministry of Health and Family Welfare, India',
      DCC_DSC_CERT_FILE: join(dir, 'dsc.pem'), DCC_DSC_KEY_FILE: join(dir, 'dsc-key.pem'), DCC_COUNTRY: 'IN',
    };
    mkdirSync(india.HEALTHCRED_DATA_DIR!);
    mkdirSync(here.HEALTHCRED_DATA_DIR!);
    const key = join(dir, 'in', 'issuer-key.json');
    expect((await cli(['keys', 'generate', '--out', key, '--did', INDIA])).code).to.equal(0);
    indiaDid = join(dir, 'india-did.json');
    writeFileSync(indiaDid, (await cli(['did', '--key', key])).stdout);
  });

  describe('negative', () => {
    it('refuses an add without a reason, with both or neither document option, naming the mistake (exit 2)', async () => {
      const base = ['trust', 'add', '--did', INDIA, '--name', 'MoH India', '--country', 'IN'];
      for (const args of [[...base, '--did-document', indiaDid], [...base, '--reason', 'agreement'], [...base, '--resolve', '--did-document', indiaDid, '--reason', 'agreement']]) {
        const run = await cli(args, here);
        expect(run.code, args.join(' ')).to.equal(2);
        expect(run.stderr).to.contain('Usage:');
      }
    });

    it('refuses a bad country, a did:key and a DID document of another DID, naming the field (exit 1)', async () => {
      const add = (...args: string[]) => cli(['trust', 'add', '--name', 'MoH', '--reason', 'agreement', ...args], here);
      expect((await add('--did', INDIA, '--country', 'India', '--did-document', indiaDid)).stderr).to.contain('country: must be an ISO 3166-1 alpha-2');
      const didKey = await add('--did', 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK', '--country', 'IN', '--resolve');
      expect(didKey.code).to.equal(1);
      expect(didKey.stderr).to.contain('did: a did:key names a key anyone can make');
      const other = await add('--did', 'did:web:moh.gov.bd', '--country', 'BD', '--did-document', indiaDid);
      expect(other.stderr).to.contain('didDocument.id: is did:web:certificates.health.gov.in, not the DID it is trusted for');
      expect((await cli(['trust', 'list', '--json'], here)).stdout).to.equal('');
    });

    it('refuses to import issuer keys without saying whose, and DSCs without a place to keep them', async () => {
      const exported = join(india.HEALTHCRED_DATA_DIR!, 'gdhcn.json');
      expect((await cli(['trust', 'export', '--format', 'gdhcn', '--out', exported], india)).code).to.equal(0);
      expect((await cli(['trust', 'import', exported, '--reason', 'agreement'], here)).code).to.equal(2);
      const run = await cli(['trust', 'import', exported, '--name', 'MoH India', '--country', 'IN', '--reason', 'agreement'], here);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.contain('1 EU DCC DSC(s): say where to keep them with --dsc-out');
      expect((await cli(['trust', 'list', '--json'], here)).stdout).to.equal('');
    });
  });

  it('should print --help for every subcommand', async () => {
    for (const sub of [[], ['list'], ['add'], ['remove'], ['import'], ['export']]) {
      const run = await cli(['trust', ...sub, '--help'], here);
      expect(run.code, sub.join(' ')).to.equal(0);
      expect(run.stdout).to.contain('healthcred trust add --did');
    }
  });

  it('should add, list and remove an issuer, each change in the audit log with who and why', async () => {
    const added = await cli(['trust', 'add', '--did', INDIA, '--name', 'Ministry of Health, India', '--country', 'IN',
      '--did-document', indiaDid, '--reason', 'bilateral agreement 2026-14', '--actor', 'amara'], here);
    expect(added.code, added.stderr).to.equal(0);
    expect(added.stdout).to.contain(`Trusted ${INDIA}: Ministry of Health, India (IN), pinned`);
    const listed = await cli(['trust', 'list'], here);
    expect(listed.stdout.split('\n')[1]).to.match(/^did:web:certificates\.health\.gov\.lk\s+certificates\.health\.gov\.lk\s+LK\s+this issuer/);
    expect(listed.stdout.split('\n')[2]).to.match(/^did:web:certificates\.health\.gov\.in\s+Ministry of Health, India\s+IN\s+pinned\s+\S+\s+amara$/);
    const [entry] = (await cli(['trust', 'list', '--json'], here)).stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(entry).to.deep.include({ did: INDIA, addedBy: 'amara' });
    expect(entry.didDocument).to.deep.equal(JSON.parse(readFileSync(indiaDid, 'utf8')));

    const removed = await cli(['trust', 'remove', INDIA, '--reason', 'agreement ended', '--actor', 'kasun'], here);
    expect(removed.code, removed.stderr).to.equal(0);
    expect((await cli(['trust', 'list', '--json'], here)).stdout).to.equal('');
    expect((await cli(['trust', 'remove', INDIA, '--reason', 'again'], here)).code).to.equal(1);
    expect(await auditLog(here.HEALTHCRED_DATA_DIR!)).to.deep.equal([
      { actor: 'amara', action: 'trust.add', target: INDIA, reason: 'bilateral agreement 2026-14', details: { name: 'Ministry of Health, India', country: 'IN', document: 'pinned' } },
      { actor: 'kasun', action: 'trust.remove', target: INDIA, reason: 'agreement ended', details: { name: 'Ministry of Health, India', country: 'IN', document: 'pinned' } },
    ]);
  });

  it('should carry a deployment\'s own entry to another as a GDHCN document: its issuer keys and its DSC', async () => {
    const exported = join(india.HEALTHCRED_DATA_DIR!, 'gdhcn.json');
    expect((await cli(['trust', 'export', '--format', 'gdhcn', '--out', exported], india)).code).to.equal(0);
    const dscs = join(here.HEALTHCRED_DATA_DIR!, 'dcc-trust-list.json');
    const run = await cli(['trust', 'import', exported, '--name', 'Ministry of Health, India', '--country', 'IN',
      '--dsc-out', dscs, '--reason', 'GDHCN onboarding', '--actor', 'amara'], here);
    expect(run.code, run.stderr).to.equal(0);
    const [entry] = (await cli(['trust', 'list', '--json'], here)).stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(entry.did).to.equal(INDIA);
    expect(entry.didDocument.verificationMethod).to.deep.equal(JSON.parse(readFileSync(indiaDid, 'utf8')).verificationMethod);
    expect(parseTrustList(JSON.parse(readFileSync(dscs, 'utf8')))).to.deep.equal(buildTrustList([indiaDsc]));
    expect((await auditLog(here.HEALTHCRED_DATA_DIR!)).map((audit) => audit.action)).to.deep.equal(['trust.add', 'trust.add_dsc']);
  });

  it('should carry a DSC as EU DCC gateway records, and not add it twice', async () => {
    const exported = (await cli(['trust', 'export', '--format', 'dcc-gateway'], india)).stdout;
    expect(JSON.parse(exported)[0]).to.include({ certificateType: 'DSC', country: 'IN' });
    const file = join(here.HEALTHCRED_DATA_DIR!, 'gateway.json');
    writeFileSync(file, exported);
    const dscs = join(here.HEALTHCRED_DATA_DIR!, 'dcc-trust-list.json');
    for (let i = 0; i < 2; i += 1) {
      const run = await cli(['trust', 'import', file, '--dsc-out', dscs, '--reason', 'EU gateway download'], here);
      expect(run.code, run.stderr).to.equal(0);
    }
    expect(parseTrustList(JSON.parse(readFileSync(dscs, 'utf8')))).to.deep.equal(buildTrustList([indiaDsc]));
    expect((await auditLog(here.HEALTHCRED_DATA_DIR!)).map((audit) => audit.action)).to.deep.equal(['trust.add_dsc']);
  });
});
