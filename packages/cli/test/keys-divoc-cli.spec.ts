import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { readDivocKeyFile } from '@healthcred/issuer-identity';
import { countryKey } from '@healthcred/testing';
import { cli } from './fixtures/run.js';

describe('healthcred keys import-divoc', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'healthcred-divoc-key-')); });

  describe('negative', () => {
    it('rejects a missing key id, both or neither key flags', async () => {
      writeFileSync(join(dir, 'k.pem'), 'x');
      expect((await cli(['keys', 'import-divoc', '--pem', join(dir, 'k.pem'), '--out', join(dir, 'o.json')])).stderr).to.include('--key-id is required');
      const both = await cli(['keys', 'import-divoc', '--key-id', 'did:india', '--pem', 'a', '--base58', 'b', '--out', join(dir, 'o.json')]);
      expect(both.code).to.equal(2);
      expect(both.stderr).to.include('exactly one of --pem and --base58');
    });

    it('refuses a PEM that is not an RSA private key, without echoing it', async () => {
      const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      writeFileSync(join(dir, 'ec.pem'), ec);
      writeFileSync(join(dir, 'junk.pem'), 'SECRET-NOT-A-KEY');
      const wrongType = await cli(['keys', 'import-divoc', '--key-id', 'did:india', '--pem', join(dir, 'ec.pem'), '--out', join(dir, 'o.json')]);
      expect(wrongType.code).to.equal(1);
      expect(wrongType.stderr).to.include('privateKeyPem must be an RSA key');
      const junk = await cli(['keys', 'import-divoc', '--key-id', 'did:india', '--pem', join(dir, 'junk.pem'), '--out', join(dir, 'o.json')]);
      expect(junk.stderr).to.include('privateKeyPem is not a PEM private key').and.not.include('SECRET');
    });

    it('refuses a key id the fast path cannot write verbatim and an existing output file', async () => {
      const { material } = countryKey('ED25519', 'did:srilanka:moh');
      writeFileSync(join(dir, 'k.b58'), `${(material as { privateKeyBase58: string }).privateKeyBase58}\n`);
      const badId = await cli(['keys', 'import-divoc', '--key-id', 'moh key', '--base58', join(dir, 'k.b58'), '--out', join(dir, 'o.json')]);
      expect(badId.stderr).to.include('keyId must be');
      writeFileSync(join(dir, 'o.json'), '{}');
      const exists = await cli(['keys', 'import-divoc', '--key-id', 'did:srilanka:moh', '--base58', join(dir, 'k.b58'), '--out', join(dir, 'o.json')]);
      expect(exists.stderr).to.include('already exists');
      expect(readFileSync(join(dir, 'o.json'), 'utf8')).to.equal('{}');
    });
  });

  for (const keyType of ['RSA', 'ED25519'] as const) {
    it(`should import a country's ${keyType} key under its key id into a 0600 file, printing only the public key`, async () => {
      const { material, app } = countryKey(keyType, 'did:srilanka:moh');
      const secret = 'privateKeyPem' in material ? material.privateKeyPem : material.privateKeyBase58;
      writeFileSync(join(dir, 'secret'), secret);
      const out = join(dir, 'divoc-key.json');
      const run = await cli(['keys', 'import-divoc', '--key-id', 'did:srilanka:moh', keyType === 'RSA' ? '--pem' : '--base58', join(dir, 'secret'), '--out', out]);
      expect(run.code, run.stderr).to.equal(0);
      expect(statSync(out).mode & 0o777).to.equal(0o600);
      expect(run.stdout).to.include('did:srilanka:moh').and.include(app.publicKeyPem?.split('\n')[1] ?? app.publicKeyBase58!);
      expect(run.stdout + run.stderr).to.not.include(keyType === 'RSA' ? secret.split('\n')[2]! : secret);
      const key = readDivocKeyFile(out);
      expect(key.keyId).to.equal('did:srilanka:moh');
      expect(key.type).to.equal(keyType === 'RSA' ? 'RsaVerificationKey2018' : 'Ed25519VerificationKey2018');
    });
  }
});
