import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { cli as runCli, type Run } from './fixtures/run.js';

const examples = new URL('../../../examples/', import.meta.url).pathname;
// A data directory of its own: the checkout's ./data (what `npm start` made there) must not be read as this
// deployment's trust list or key.
const dataDir = mkdtempSync(join(tmpdir(), 'healthcred-cli-data-'));

function cli(...args: string[]): Promise<Run> {
  return runCli(args, { HEALTHCRED_DATA_DIR: dataDir });
}

describe('healthcred CLI', () => {
  let dir: string;
  let key: string;
  let secret: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'healthcred-cli-'));
    key = join(dir, 'issuer-key.json');
    const generated = await cli('keys', 'generate', '--out', key, '--did', 'did:web:certificates.health.gov.lk');
    expect(generated.code).to.equal(0);
    secret = JSON.parse(readFileSync(key, 'utf8')).keys[0].privateKeyMultibase;
    expect(generated.stdout + generated.stderr).to.not.contain(secret);
  });

  it('should issue the example vaccination record and verify it with the published DID document', async () => {
    const issued = await cli('issue', '--record', join(examples, 'vaccination-record.json'), '--key', key);
    expect(issued.code, issued.stderr).to.equal(0);
    const credential = JSON.parse(issued.stdout);
    expect(credential['@context'][1]).to.equal('https://certificates.health.gov.lk/credentials/vaccination/v1');
    expect(issued.stdout).to.not.contain(secret);
    writeFileSync(join(dir, 'vc.json'), issued.stdout);

    const did = await cli('did', '--key', key);
    expect(did.stdout).to.not.contain(secret).and.not.contain('private');
    writeFileSync(join(dir, 'did.json'), did.stdout);

    const verified = await cli('verify', join(dir, 'vc.json'), '--did-document', join(dir, 'did.json'));
    expect(verified.code).to.equal(0);
    expect(verified.stdout).to.match(/^VALID/).and.contain('සුනිල් පෙරේරා').and.contain('dose 2 of 2');
  });

  it('should issue a test result with a chosen certificate id', async () => {
    const issued = await cli('issue', '--record', join(examples, 'test-result-record.json'), '--key', key,
      '--certificate-id', 'abcd efgh jkmn');
    expect(issued.code, issued.stderr).to.equal(0);
    expect(JSON.parse(issued.stdout).evidence[0].certificateId).to.equal('ABCD-EFGH-JKMN');
  });

  it('should print --help for every command', async () => {
    const commands = [[], ['keys'], ['keys', 'generate'], ['keys', 'rotate'], ['keys', 'revoke'], ['keys', 'reissue-revoked'],
      ['did'], ['issue'], ['verify']];
    for (const command of commands) {
      const run = await cli(...command, '--help');
      expect(run.code, command.join(' ')).to.equal(0);
      expect(run.stdout).to.match(/Usage/);
    }
  });

  describe('negative', () => {
    it('rejects a tampered credential with exit code 1 and the reason', async () => {
      const credential = JSON.parse((await cli('issue', '--record', join(examples, 'vaccination-record.json'), '--key', key)).stdout);
      credential.evidence[0].dose = 3;
      writeFileSync(join(dir, 'tampered.json'), JSON.stringify(credential));
      const run = await cli('verify', join(dir, 'tampered.json'), '--key', key);
      expect(run.code).to.equal(1);
      expect(run.stdout).to.match(/^INVALID/).and.contain('proof: The signature does not match');
    });

    it('rejects a credential from an issuer it was not told to trust', async () => {
      const other = join(dir, 'other-key.json');
      await cli('keys', 'generate', '--out', other, '--did', 'did:web:other.example');
      const run = await cli('verify', join(dir, 'vc.json'), '--key', other);
      expect(run.code).to.equal(1);
      expect(run.stdout).to.contain('[untrusted_issuer]').and.contain('NOT trusted');
    });

    it('names the field of a bad record and exits 1', async () => {
      const record = JSON.parse(readFileSync(join(examples, 'vaccination-record.json'), 'utf8'));
      record.vaccination.dose = 'second';
      writeFileSync(join(dir, 'bad-record.json'), JSON.stringify(record));
      const run = await cli('issue', '--record', join(dir, 'bad-record.json'), '--key', key);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.equal('healthcred issue: record.vaccination.dose: must be an integer. [invalid_input]\n');
    });

    it('says a file is not JSON, without quoting it', async () => {
      writeFileSync(join(dir, 'junk.json'), 'name: Sunil');
      const run = await cli('verify', join(dir, 'junk.json'), '--key', key);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.contain('is not valid JSON').and.not.contain('Sunil');
    });

    it('refuses to overwrite a key file', async () => {
      const run = await cli('keys', 'generate', '--out', key);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.contain('already exists');
      expect(JSON.parse(readFileSync(key, 'utf8')).keys[0].privateKeyMultibase).to.equal(secret);
    });

    it('answers usage errors with exit code 2 and the usage', async () => {
      for (const args of [['issue', '--record'], ['issue', '--bogus'], ['verify'], ['frobnicate'], ['keys', 'delete']]) {
        const run = await cli(...args);
        expect(run.code, args.join(' ')).to.equal(2);
        expect(run.stderr).to.not.equal('');
      }
      expect((await cli('verify', join(dir, 'vc.json'))).stderr).to.contain('No issuer is trusted').and.contain('--did-document');
    });
  });
});
