// `healthcred issue` on a deployment configured for the DIVOC profile: DIVOC's form, signed with the imported DIVOC
// key, verified by DIVOC's own library (certificate-signer-library, as DIVOC's app calls it).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { countryKey, divocAppVerify, type DivocAppSettings } from '@healthcred/testing';
import { cli } from './fixtures/run.js';

const examples = new URL('../../../examples/', import.meta.url).pathname;
const NAMESPACE = 'https://moh.example.gov.lk/credentials/vaccination/v1';
const RECORD = join(examples, 'vaccination-record.json');

describe('healthcred issue under the DIVOC profile', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let app: DivocAppSettings;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'healthcred-divoc-issue-'));
    const key = countryKey('ED25519', 'did:srilanka:moh');
    app = { ...key.app, namespace: NAMESPACE, namespaceV2: `${NAMESPACE}2` };
    writeFileSync(join(dir, 'secret.b58'), (key.material as { privateKeyBase58: string }).privateKeyBase58);
    const keyFile = join(dir, 'divoc-key.json');
    const imported = await cli(['keys', 'import-divoc', '--key-id', 'did:srilanka:moh', '--base58', join(dir, 'secret.b58'), '--out', keyFile]);
    expect(imported.code, imported.stderr).to.equal(0);
    env = {
      HEALTHCRED_DATA_DIR: dir, ISSUER_URL: 'https://moh.example.gov.lk', HEALTHCRED_CREDENTIAL_PROFILE: 'divoc',
      HEALTHCRED_DIVOC_NAMESPACE: NAMESPACE, HEALTHCRED_DIVOC_KEY_FILE: keyFile, LOG_LEVEL: 'silent',
    };
  });

  describe('negative', () => {
    it('asks for --key (exit 2) without the DIVOC profile, and refuses --expires and --issuer-url without --key', async () => {
      const plain = await cli(['issue', '--record', RECORD], { HEALTHCRED_DATA_DIR: dir });
      expect(plain.code).to.equal(2);
      expect(plain.stderr).to.contain('--key is required').and.contain('HEALTHCRED_CREDENTIAL_PROFILE=divoc');
      for (const flag of ['--expires', '--issuer-url']) {
        const run = await cli(['issue', '--record', RECORD, flag, 'https://x.example'], env);
        expect(run.code, flag).to.equal(2);
        expect(run.stderr).to.contain('go with --key');
      }
    });

    it('says how to import the DIVOC key when its file is missing (exit 1), and refuses a test result naming kind', async () => {
      const missing = await cli(['issue', '--record', RECORD], { ...env, HEALTHCRED_DIVOC_KEY_FILE: join(dir, 'absent.json') });
      expect(missing.code).to.equal(1);
      expect(missing.stderr).to.contain('healthcred keys import-divoc');
      const test = await cli(['issue', '--record', join(examples, 'test-result-record.json')], env);
      expect(test.code).to.equal(1);
      expect(test.stderr).to.match(/kind: .*DIVOC/);
    });
  });

  it('should print a DIVOC certificate, with the given certificate id, that DIVOC\'s library verifies and not once changed', async () => {
    const run = await cli(['issue', '--record', RECORD, '--certificate-id', '7k3m-9qxp-2rb4'], env);
    expect(run.code, run.stderr).to.equal(0);
    const certificate = JSON.parse(run.stdout);
    expect(certificate['@context']).to.deep.equal(['https://www.w3.org/2018/credentials/v1', NAMESPACE]);
    expect(certificate.issuer).to.equal('https://moh.example.gov.lk/');
    expect(certificate.evidence[0].certificateId).to.equal('7K3M-9QXP-2RB4');
    expect(certificate.proof).to.include({ type: 'Ed25519Signature2018', verificationMethod: 'did:srilanka:moh' });
    expect((await divocAppVerify(app, run.stdout)).verified).to.equal(true);
    certificate.evidence[0].dose = 3;
    expect((await divocAppVerify(app, JSON.stringify(certificate))).verified).to.equal(false);
  });
});
