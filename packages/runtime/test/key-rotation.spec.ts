import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadConfig } from '@healthcred/config';
import { buildVaccinationCredential, holdIssuer, issueCredential, trustEntryOf, verifyCredential } from '@healthcred/credentials';
import { createDocumentLoader } from '@healthcred/document-loader';
import { toIssuerKeyFile, readIssuerKeyFile, type IssuerKeySet } from '@healthcred/issuer-identity';
import {
  createLogger, followIssuerKeyFile, loadIssuer, revokeIssuerKeyFile, rotateIssuerKeyFile, type Logger,
} from '@healthcred/runtime';
import { mockVaccinationRecord, until } from '@healthcred/testing';

const logger = createLogger({ name: 'test', level: 'silent' });

/** Creates the development key of `settings` and returns the key file's path. */
function loadIssuerAndFile(settings: ReturnType<typeof loadConfig>): string {
  loadIssuer(settings, logger);
  return settings.issuerKey.file;
}

describe('issuer key rotation at run time', () => {
  const config = () => loadConfig({ HEALTHCRED_DATA_DIR: mkdtempSync(join(tmpdir(), 'healthcred-keys-')) });

  it('should rotate the key file and let a running issuer sign with the new key, old credentials still verifying', async () => {
    const settings = config();
    const held = holdIssuer(loadIssuer(settings, logger));
    const sign = (issuer = held.current()) => issueCredential({
      credential: buildVaccinationCredential(mockVaccinationRecord(), { issuer, certificateId: 'AAAA-BBBB-CCCC', issuedAt: new Date().toISOString() }),
      issuer,
    });
    const before = await sign();
    const oldKey = held.current().signer.id;
    held.replace(rotateIssuerKeyFile(settings));
    const after = await sign();
    const issuer = held.current();
    expect(after.proof.verificationMethod).to.equal(issuer.signer.id).and.not.equal(oldKey);
    expect(issuer.didDocument.assertionMethod).to.have.length(2);
    const documentLoader = createDocumentLoader({ contextBaseUrls: [settings.issuerUrl], didDocuments: [issuer.didDocument] });
    for (const credential of [before, after]) expect((await verifyCredential({ credential, documentLoader, trustedIssuers: [trustEntryOf(issuer, { name: 'Ministry of Health', country: 'LK' })] })).verified).to.equal(true);
  });

  it('should tell a follower of the key file about a rotation made elsewhere, and ignore a broken file', async () => {
    const settings = config();
    loadIssuer(settings, logger);
    const seen: IssuerKeySet[] = [];
    const stop = followIssuerKeyFile({ config: settings, logger, onChange: (keys) => seen.push(keys), intervalMs: 20 });
    try {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const rotated = rotateIssuerKeyFile(settings, new Date(Date.now() + 1000));
      await until(() => seen.length === 1, 'the rotation', 10_000);
      expect(seen[0]!.keys.map((key) => key.id)).to.deep.equal(rotated.keys.map((key) => key.id));
      writeFileSync(settings.issuerKey.file, '{"not": "keys"');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(seen).to.have.length(1);
    } finally {
      stop();
    }
  });

  it('should revoke the active key in the file: a fresh key signs, the revoked one is published as revoked, its secret gone', async () => {
    const settings = config();
    const held = holdIssuer(loadIssuer(settings, logger));
    const compromised = held.current().signer.id;
    const issuer = held.replace(revokeIssuerKeyFile(settings, { keyId: compromised, reason: 'laptop stolen', now: new Date('2026-03-01T00:00:00Z') }));
    expect(issuer).to.equal(held.current());
    expect(issuer.signer.id).to.not.equal(compromised);
    expect(issuer.didDocument.assertionMethod).to.deep.equal([issuer.signer.id]);
    expect(issuer.didDocument.verificationMethod.find((m) => m.id === compromised)).to.include({ revoked: '2026-03-01T00:00:00.000Z' });
    const file = JSON.parse(readFileSync(settings.issuerKey.file, 'utf8'));
    expect(file.keys.map((k: { status: string; privateKeyMultibase?: string }) => [k.status, k.privateKeyMultibase !== undefined]))
      .to.deep.equal([['active', true], ['revoked', false]]);
  });

  it('should say so when a rewrite deletes private parts of retired keys that an earlier version left in the file', () => {
    const settings = config();
    const first = toIssuerKeyFile(readIssuerKeyFile(loadIssuerAndFile(settings)));
    rotateIssuerKeyFile(settings);
    const legacy = JSON.parse(readFileSync(settings.issuerKey.file, 'utf8'));
    legacy.keys[1].privateKeyMultibase = first.keys[0]!.privateKeyMultibase;
    writeFileSync(settings.issuerKey.file, JSON.stringify(legacy));
    const warnings: unknown[][] = [];
    const recording = { warn: (...args: unknown[]) => warnings.push(args) } as unknown as Logger;
    loadIssuer(settings, recording);
    expect(warnings).to.have.length(1);
    rotateIssuerKeyFile(settings, new Date(), recording);
    expect(warnings[1]).to.deep.equal([{ file: settings.issuerKey.file, keys: [first.keys[0]!.id] },
      'deleted the private part of retired keys from the issuer key file (kept there by an earlier version)']);
    expect(readFileSync(settings.issuerKey.file, 'utf8')).to.not.contain(first.keys[0]!.privateKeyMultibase!);
  });

  it('refuses to rotate keys that come from HEALTHCRED_ISSUER_KEY, and to reload keys of another DID', () => {
    const settings = config();
    const issuer = holdIssuer(loadIssuer(settings, logger));
    const fromEnv = loadConfig({ HEALTHCRED_ISSUER_KEY: '{}' });
    expect(() => rotateIssuerKeyFile(fromEnv)).to.throw().with.property('code', 'conflict');
    expect(() => revokeIssuerKeyFile(fromEnv, { keyId: issuer.current().signer.id, reason: 'leaked' })).to.throw().with.property('code', 'conflict');
    expect(() => issuer.replace({ did: 'did:web:other.example', keys: [] })).to.throw().with.property('code', 'key_error');
  });
});
