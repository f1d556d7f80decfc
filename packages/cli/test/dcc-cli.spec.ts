import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { expect } from 'chai';
import { runCli } from '@healthcred/cli';
import {
  buildUvci, createDccTestPki, buildTrustList, encodeHc1, issueDcc, loadDefaultDccValueSets, loadDsc,
  renderDccQrPng,
} from '@healthcred/dcc';
import { decodeBase45 } from '@healthcred/qr';
import { mockVaccinationRecord } from '@healthcred/testing';

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const run = { code: 0, stdout: '', stderr: '' };
  run.code = await runCli(args, { stdout: (text) => { run.stdout += text; }, stderr: (text) => { run.stderr += text; } }, env);
  return run;
}

/** An HC1 of a Latin-named holder, signed with the DSC in `pki`. */
function issueHc1(pki: string): string {
  const record = mockVaccinationRecord({ recipient: { ...mockVaccinationRecord().recipient, name: 'Kamal Perera' } });
  const signer = loadDsc({
    certificatePem: readFileSync(join(pki, 'dsc.pem'), 'utf8'), privateKeyPem: readFileSync(join(pki, 'dsc-key.pem'), 'utf8'),
  });
  return issueDcc({
    record: { kind: 'vaccination', record }, signer, valueSets: loadDefaultDccValueSets(), country: 'LK',
    issuerName: 'Ministry of Health, Sri Lanka', uvci: buildUvci({ country: 'LK', id: '7K3M9QXP2RB4' }), now: new Date(),
  }).hc1;
}

/** The HC1 with the last byte of its COSE message (the end of the signature) changed. */
function tamperSignature(hc1: string): string {
  const cose = inflateSync(decodeBase45(hc1.slice(4)));
  cose[cose.length - 1] = cose[cose.length - 1]! ^ 0x01;
  return encodeHc1(cose);
}

describe('healthcred dcc keys and verify of an HC1', () => {
  let dir: string;
  let pki: string;
  let keysRun: Awaited<ReturnType<typeof cli>>;
  let hc1: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'healthcred-dcc-cli-'));
    pki = join(dir, 'pki');
    keysRun = await cli(['dcc', 'keys', '--out', pki, '--country', 'lk']);
    hc1 = issueHc1(pki);
  });

  it('should write a test CSCA, a DSC, its key (0600) and a trust list, and print the DCC variables', () => {
    expect(keysRun.code, keysRun.stderr).to.equal(0);
    expect(statSync(join(pki, 'dsc-key.pem')).mode & 0o777).to.equal(0o600);
    const key = readFileSync(join(pki, 'dsc-key.pem'), 'utf8');
    expect(key).to.contain('PRIVATE KEY');
    expect(keysRun.stdout).to.not.contain('PRIVATE').and.not.contain(key.split('\n')[1]);
    expect(keysRun.stdout).to.contain(`DCC_DSC_CERT_FILE=${join(pki, 'dsc.pem')}\n`)
      .and.contain(`DCC_DSC_KEY_FILE=${join(pki, 'dsc-key.pem')}\n`).and.contain('DCC_COUNTRY=LK\n');
    const trustList = JSON.parse(readFileSync(join(pki, 'trust-list.json'), 'utf8'));
    expect(trustList).to.deep.equal(buildTrustList([readFileSync(join(pki, 'dsc.pem'), 'utf8')]));
    expect(readFileSync(join(pki, 'csca.pem'), 'utf8')).to.match(/^-----BEGIN CERTIFICATE-----/);
  });

  it('should verify HC1 text against --trust-list, naming the holder', async () => {
    const run = await cli(['verify', hc1, '--trust-list', join(pki, 'trust-list.json')]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.contain('Read an EU DCC (HC1).\nVALID\n  EU DCC vaccination  URN:UVCI:01:LK:7K3M9QXP2RB4')
      .and.contain('holder:  Kamal Perera (KAMAL<PERERA), born 1985-04-12').and.contain('Covishield')
      .and.contain('checks: structure, dsc, signature, dates');
  });

  it('should read an HC1 from a QR image and a text file, trusting the configured DSC', async () => {
    const png = join(dir, 'dcc.png');
    writeFileSync(png, await renderDccQrPng(hc1));
    const text = join(dir, 'hc1.txt');
    writeFileSync(text, `${hc1}\n`);
    const env = { DCC_DSC_CERT_FILE: join(pki, 'dsc.pem'), DCC_DSC_KEY_FILE: join(pki, 'dsc-key.pem'), DCC_COUNTRY: 'LK' };
    for (const input of [png, text]) {
      const run = await cli(['verify', input], env);
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.contain('VALID');
    }
    const json = await cli(['verify', png, '--json'], env);
    expect(JSON.parse(json.stdout)).to.deep.include({ verified: true, format: 'hc1', errors: [] });
  });

  it('should print --help for dcc and dcc keys', async () => {
    for (const args of [['dcc', '--help'], ['dcc', 'keys', '--help'], ['--help']]) {
      const run = await cli(args);
      expect(run.code).to.equal(0);
      expect(run.stdout).to.match(/Usage/).and.contain('dcc');
    }
  });

  describe('negative', () => {
    it('rejects an HC1 whose signature was changed, naming the signature check', async () => {
      const run = await cli(['verify', tamperSignature(hc1), '--trust-list', join(pki, 'trust-list.json')]);
      expect(run.code).to.equal(1);
      expect(run.stdout).to.match(/^Read an EU DCC \(HC1\)\.\nINVALID\n {2}- signature: .*\[bad_signature\]/);
    });

    it('rejects an HC1 signed by a DSC it was not told to trust', async () => {
      const other = join(dir, 'other-trust-list.json');
      writeFileSync(other, JSON.stringify(buildTrustList([createDccTestPki({ country: 'LK' }).dsc.certificatePem])));
      const run = await cli(['verify', hc1, '--trust-list', other]);
      expect(run.code).to.equal(1);
      expect(run.stdout).to.contain('- dsc: No DSC in the trust list has the key id').and.contain('[unknown_kid]');
    });

    it('asks which DSCs to trust when neither --trust-list nor a DSC is configured', async () => {
      const run = await cli(['verify', hc1]);
      expect(run.code).to.equal(2);
      expect(run.stderr).to.contain('--trust-list <trust-list.json>');
    });

    it('refuses to overwrite keys without --force, and checks its flags', async () => {
      const again = await cli(['dcc', 'keys', '--out', pki, '--country', 'LK']);
      expect(again.code).to.equal(1);
      expect(again.stderr).to.contain('refusing to overwrite keys').and.contain('[conflict]');
      expect((await cli(['dcc', 'keys', '--out', pki, '--country', 'LK', '--force'])).code).to.equal(0);
      expect((await cli(['dcc', 'keys', '--out', pki, '--country', 'LKA'])).stderr).to.contain('--country must be');
      expect((await cli(['dcc', 'keys', '--out', pki, '--country', 'LK', '--algorithm', 'EdDSA'])).code).to.equal(2);
      expect((await cli(['dcc', 'keys', '--country', 'LK'])).stderr).to.contain('--out is required');
      expect((await cli(['dcc', 'sign'])).code).to.equal(2);
    });
  });
});
