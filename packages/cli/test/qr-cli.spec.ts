import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { runCli } from '@healthcred/cli';

const examples = new URL('../../../examples/', import.meta.url).pathname;

async function cli(...args: string[]) {
  const run = { code: 0, stdout: '', stderr: '' };
  run.code = await runCli(args, { stdout: (text) => { run.stdout += text; }, stderr: (text) => { run.stderr += text; } });
  return run;
}

describe('healthcred qr, pdf and verify of a QR', () => {
  let dir: string;
  let did: string;
  let credential: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'healthcred-qr-cli-'));
    const key = join(dir, 'key.json');
    expect((await cli('keys', 'generate', '--out', key, '--did', 'did:web:certificates.health.gov.lk')).code).to.equal(0);
    did = join(dir, 'did.json');
    writeFileSync(did, (await cli('did', '--key', key)).stdout);
    credential = join(dir, 'credential.json');
    writeFileSync(credential, (await cli('issue', '--record', join(examples, 'vaccination-record.json'), '--key', key)).stdout);
  });

  it('should write a compact PNG at QR version <= 15 that verify reads back', async () => {
    const png = join(dir, 'compact.png');
    const written = await cli('qr', credential, '--out', png, '--format', 'compact');
    expect(written.code).to.equal(0);
    const version = Number(/QR version (\d+)/.exec(written.stdout)![1]);
    expect(version).to.be.at.most(15);
    const verified = await cli('verify', png, '--did-document', did);
    expect(verified.stdout).to.contain('Read from a QR payload (compact)').and.contain('VALID');
    expect(verified.code).to.equal(0);
  });

  it('should write a compact v3 (CBOR-LD) PNG with the issuer\'s DID document, that verify reads back', async () => {
    const png = join(dir, 'cborld.png');
    const written = await cli('qr', credential, '--out', png, '--format', 'cborld', '--did-document', did);
    expect(written.code, written.stderr).to.equal(0);
    expect(written.stdout).to.match(/QR version \d+, ECC M, alphanumeric mode/);
    const verified = await cli('verify', png, '--did-document', did);
    expect(verified.stdout).to.contain('Read from a QR payload (compact)').and.contain('VALID');
    expect(verified.code).to.equal(0);
    expect((await cli('qr', credential, '--out', png, '--format', 'cborld')).code, 'no DID document').to.equal(2);
  });

  it('should write DIVOC PNG and SVG, and verify a payload file in the divoc-utf8 layout', async () => {
    expect((await cli('qr', credential, '--out', join(dir, 'divoc.svg'))).stdout).to.match(/byte mode, \d+ bytes \(divoc, raw\)/);
    const png = join(dir, 'utf8.png');
    expect((await cli('qr', credential, '--out', png, '--layout', 'divoc-utf8')).code).to.equal(0);
    expect((await cli('verify', png, '--did-document', did)).stdout).to.contain('(divoc-utf8)');
    const scan = spawnSync('zbarimg', ['--raw', '-q', png]);
    if (scan.status !== 0) return;
    const payload = join(dir, 'payload.txt');
    writeFileSync(payload, scan.stdout);
    const verified = await cli('verify', payload, '--did-document', did);
    expect(verified.stderr).to.equal('');
    expect(verified.code).to.equal(0);
    expect(verified.stdout).to.contain('VALID');
  });

  it('should write a PDF and print help for each command', async () => {
    const pdf = join(dir, 'cert.pdf');
    expect((await cli('pdf', credential, '--out', pdf, '--issuer-name', 'Ministry of Health')).code).to.equal(0);
    expect(readFileSync(pdf).subarray(0, 5).toString()).to.equal('%PDF-');
    for (const command of ['qr', 'pdf', 'verify']) {
      const help = await cli(command, '--help');
      expect(help.code).to.equal(0);
      expect(help.stdout).to.contain(`Usage: healthcred ${command}`);
    }
  });

  describe('negative', () => {
    it('rejects bad flags with a usage error', async () => {
      expect((await cli('qr', credential, '--out', join(dir, 'x.gif'))).code).to.equal(2);
      expect((await cli('qr', credential, '--out', join(dir, 'x.png'), '--format', 'cbor')).code).to.equal(2);
      expect((await cli('qr', credential, '--out', join(dir, 'x.png'), '--format', 'compact', '--layout', 'raw')).code).to.equal(2);
    });

    it('rejects an image without a QR code and a file that is not a credential', async () => {
      const notQr = join(dir, 'not-qr.txt');
      writeFileSync(notQr, 'hello');
      const result = await cli('verify', notQr, '--did-document', did);
      expect(result.code).to.equal(1);
      expect(result.stderr).to.contain('[invalid_input]');
    });
  });
});
