import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { runCli } from '@healthcred/cli';
import { createIssuer, trustEntryOf, verifyCredential } from '@healthcred/credentials';
import { createDocumentLoader } from '@healthcred/document-loader';
import { issueCertificates } from '@healthcred/issuance';
import { buildDidDocument, readIssuerKeyFile, toIssuerKeyFile } from '@healthcred/issuer-identity';
import { openSqliteStore, type CredentialStore, type StoredCertificate } from '@healthcred/store';
import type { SignedHealthCredential } from '@healthcred/types';
import { mockVaccinationRecord } from '@healthcred/testing';

const examples = new URL('../../../examples/', import.meta.url).pathname;
const ISSUER_URL = 'http://localhost:8080';

interface Run { code: number; stdout: string; stderr: string }

describe('healthcred keys (audited, against the configured store)', () => {
  let dir: string;
  let key: string;
  let env: NodeJS.ProcessEnv;

  async function cli(...args: string[]): Promise<Run> {
    const run = { code: 0, stdout: '', stderr: '' };
    run.code = await runCli(args, {
      stdout: (text) => { run.stdout += text; }, stderr: (text) => { run.stderr += text; },
    }, env);
    return run;
  }

  /** Opens the CLI's store for the duration of `work` (the CLI opens it again for each command). */
  async function withStore<T>(work: (store: CredentialStore) => Promise<T>): Promise<T> {
    const store = openSqliteStore({ path: join(dir, 'store.sqlite') });
    try {
      return await work(store);
    } finally {
      await store.close();
    }
  }

  /** Issues `count` certificates signed with the key file's active key, as a running issuer would. */
  function issue(count: number, from = 0): Promise<StoredCertificate[]> {
    const issuer = createIssuer({ keys: readIssuerKeyFile(key), url: ISSUER_URL });
    const record = mockVaccinationRecord();
    return withStore(async (store) => (await issueCertificates(Array.from({ length: count }, (_, i) => ({
      sourceKey: `dhis2:TE${from + i}:EV1:1`, kind: 'vaccination' as const,
      record: { ...record, vaccination: { ...record.vaccination, batch: `LOT-${from + i}` } },
    })), { store, issuer })).map((outcome) => outcome.certificate));
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'healthcred-keys-cli-'));
    key = join(dir, 'issuer-key.json');
    env = { HEALTHCRED_DATA_DIR: dir, ISSUER_URL };
    expect((await cli('keys', 'generate', '--out', key)).code).to.equal(0);
  });

  it('should rotate with an audit entry, delete the retired private part, and keep verifying what the old key signed', async () => {
    const old = (await cli('issue', '--record', join(examples, 'vaccination-record.json'), '--key', key)).stdout;
    writeFileSync(join(dir, 'old.json'), old);
    const rotated = await cli('keys', 'rotate', '--key', key, '--reason', 'yearly rotation');
    expect(rotated.code, rotated.stderr).to.equal(0);
    expect(rotated.stdout).to.contain('1 retired');
    const file = JSON.parse(readFileSync(key, 'utf8'));
    expect(file.keys.map((k: { privateKeyMultibase?: string }) => k.privateKeyMultibase !== undefined)).to.deep.equal([true, false]);
    expect((await cli('verify', join(dir, 'old.json'), '--key', key)).code).to.equal(0);
    const [entry] = await withStore((store) => store.listAudit());
    expect(entry).to.include({ action: 'keys.rotate', reason: 'yearly rotation', target: file.did });
    expect(entry!.actor).to.match(/^cli:/);
  });

  it('should say so when a rotation deletes a retired private part that an earlier version kept', async () => {
    const first = toIssuerKeyFile(readIssuerKeyFile(key)).keys[0]!;
    await cli('keys', 'rotate', '--key', key);
    const legacy = JSON.parse(readFileSync(key, 'utf8'));
    legacy.keys[1].privateKeyMultibase = first.privateKeyMultibase;
    writeFileSync(key, JSON.stringify(legacy));
    const run = await cli('keys', 'rotate', '--key', key);
    expect(run.stdout).to.contain('deleted the private part of 1 retired key(s)').and.contain(first.id);
    expect(readFileSync(key, 'utf8')).to.not.contain(first.privateKeyMultibase!);
  });

  it('should revoke the active key, publish it as revoked, and re-issue every certificate it signed under a fresh key', async () => {
    const originals = await issue(5);
    const compromised = readIssuerKeyFile(key).keys[0]!.id;
    const run = await cli('keys', 'revoke', compromised, '--key', key, '--reason', 'laptop stolen', '--settle', '0');
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.contain(`Revoked ${compromised}`).and.contain('Re-issued 5 of 5 certificates').and.contain('1 revoked');
    const keys = readIssuerKeyFile(key);
    expect(keys.keys.map((k) => [k.status, k.privateKey !== undefined])).to.deep.equal([['active', true], ['revoked', false]]);
    const did = JSON.parse((await cli('did', '--key', key)).stdout);
    expect(did.assertionMethod).to.deep.equal([keys.keys[0]!.id]);
    expect(did.verificationMethod[1]).to.include({ id: compromised, revoked: keys.keys[1]!.revoked });
    const didDocument = buildDidDocument(keys);
    const documentLoader = createDocumentLoader({ contextBaseUrls: [ISSUER_URL] });
    const trustedIssuers = [trustEntryOf({ did: keys.did, url: ISSUER_URL, didDocument }, { name: 'Ministry of Health', country: 'LK' })];
    await withStore(async (store) => {
      for (const original of originals) {
        const old = (await store.findByCertificateId(original.certificateId))!;
        expect(old).to.include({ status: 'revoked' });
        const next = (await store.findByCertificateId(old.supersededBy!))!;
        expect(next).to.include({ status: 'issued', supersedes: old.certificateId });
        expect((next.credential as SignedHealthCredential).proof.verificationMethod).to.equal(keys.keys[0]!.id);
        expect((await verifyCredential({ credential: next.credential, documentLoader, trustedIssuers })).verified).to.equal(true);
      }
      const audit = await store.listAudit();
      expect(audit.map((e) => [e.action, e.target, e.reason])).to.deep.equal([
        ['keys.reissue.end', compromised, 'laptop stolen'], ['keys.reissue.start', compromised, 'laptop stolen'],
        ['keys.revoke', compromised, 'laptop stolen'],
      ]);
      expect(audit[0]!.details).to.include({ reissued: '5', outcome: 'done' });
    });
  });

  it('should continue a re-issue with reissue-revoked, for what the revoked key still signs', async () => {
    const keysBefore = readIssuerKeyFile(key);
    const compromised = keysBefore.keys[0]!.publicKeyMultibase;
    await issue(2);
    expect((await cli('keys', 'revoke', compromised, '--key', key, '--reason', 'key leaked', '--settle', '0')).code).to.equal(0);
    // A process that had not reloaded the key file signed two more with the revoked key.
    const late = createIssuer({ keys: keysBefore, url: ISSUER_URL });
    await withStore((store) => issueCertificates([2, 3].map((n) => ({
      sourceKey: `dhis2:TE${n}:EV1:1`, kind: 'vaccination' as const, record: mockVaccinationRecord(),
    })), { store, issuer: late }));
    const run = await cli('keys', 'reissue-revoked', '--key', key, '--settle', '0');
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.contain('Re-issued 2 of 2 certificates');
    const again = await cli('keys', 'reissue-revoked', '--key', key, compromised, '--settle', '0');
    expect(again.stdout).to.contain('Re-issued 0 of 0 certificates');
    await withStore(async (store) => {
      expect(await store.countCurrentBySigningKey({ verificationMethod: keysBefore.keys[0]!.id })).to.equal(0);
      expect(await store.count({ status: 'issued' })).to.equal(4);
    });
  });

  describe('negative', () => {
    it('refuses a revocation without a reason or key id (usage), an unknown key, and a second revocation', async () => {
      const before = readFileSync(key, 'utf8');
      const id = readIssuerKeyFile(key).keys[0]!.id;
      expect((await cli('keys', 'revoke', id, '--key', key)).code).to.equal(2);
      expect((await cli('keys', 'revoke', '--key', key, '--reason', 'leaked')).code).to.equal(2);
      expect((await cli('keys', 'revoke', id, '--key', key, '--reason', 'leaked', '--settle', 'soon')).code).to.equal(2);
      const unknown = await cli('keys', 'revoke', 'z6MkNotInTheFile', '--key', key, '--reason', 'leaked');
      expect(unknown).to.include({ code: 1 });
      expect(unknown.stderr).to.contain('[not_found]');
      expect(readFileSync(key, 'utf8')).to.equal(before);
      expect((await cli('keys', 'revoke', id, '--key', key, '--reason', 'leaked', '--settle', '0')).code).to.equal(0);
      const twice = await cli('keys', 'revoke', id, '--key', key, '--reason', 'leaked', '--settle', '0');
      expect(twice.stderr).to.contain('already revoked').and.contain('[conflict]');
      expect((await withStore((store) => store.listAudit())).filter((e) => e.action === 'keys.revoke')).to.have.length(1);
    });

    it('refuses a key file of another DID than the configured issuer, changing nothing', async () => {
      const other = join(dir, 'other-key.json');
      await cli('keys', 'generate', '--out', other, '--did', 'did:web:other.example');
      const before = readFileSync(other, 'utf8');
      const run = await cli('keys', 'revoke', readIssuerKeyFile(other).keys[0]!.id, '--key', other, '--reason', 'leaked');
      expect(run.code).to.equal(1);
      expect(run.stderr).to.contain('did:web:other.example').and.contain('[key_error]');
      expect(readFileSync(other, 'utf8')).to.equal(before);
    });

    it('says when a key file has no revoked key to re-issue for', async () => {
      const run = await cli('keys', 'reissue-revoked', '--key', key);
      expect(run.code).to.equal(1);
      expect(run.stderr).to.contain('has no revoked key');
    });
  });
});
