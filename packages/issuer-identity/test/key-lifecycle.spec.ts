import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { HealthcredError } from '@healthcred/errors';
import {
  activeIssuerKey, buildDidDocument, generateIssuerKeySet, inactiveKeysWithSecrets, parseDidDocument,
  readIssuerKeyFile, revokeIssuerKey, rotateIssuerKey, toIssuerKeyFile, writeIssuerKeyFile, type IssuerKeySet,
} from '@healthcred/issuer-identity';

const DID = 'did:web:example.org';
const AT = new Date('2026-03-01T08:00:00.000Z');

function failure(run: () => unknown): HealthcredError {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(HealthcredError);
    return error as HealthcredError;
  }
  throw new Error('expected a HealthcredError');
}

/** The statuses of a set and which keys hold a private part, in order. */
function shape(set: IssuerKeySet): string[] {
  return set.keys.map((key) => `${key.status}${key.privateKey ? '+secret' : ''}`);
}

describe('rotateIssuerKey()', () => {
  it('should add a new active key and keep the old one, retired and without its private part, in the DID document', () => {
    const first = generateIssuerKeySet({ did: DID });
    const rotated = rotateIssuerKey(first);
    expect(shape(rotated)).to.deep.equal(['active+secret', 'retired']);
    expect(activeIssuerKey(rotated).id).to.not.equal(activeIssuerKey(first).id);
    expect(buildDidDocument(rotated).assertionMethod).to.deep.equal(rotated.keys.map((k) => k.id));
    expect(toIssuerKeyFile(rotated).keys.map((k) => k.privateKeyMultibase !== undefined)).to.deep.equal([true, false]);
    expect(shape(first)).to.deep.equal(['active+secret']);
  });

  it('should keep a revoked key revoked, off assertionMethod', () => {
    const set = generateIssuerKeySet({ did: DID });
    const revoked = revokeIssuerKey(set, { keyId: set.keys[0]!.id, reason: 'laptop stolen', now: AT });
    const rotated = rotateIssuerKey(revoked);
    expect(shape(rotated)).to.deep.equal(['active+secret', 'retired', 'revoked']);
    expect(rotated.keys[2]).to.include({ id: set.keys[0]!.id, revoked: AT.toISOString() });
    expect(buildDidDocument(rotated).assertionMethod).to.deep.equal([rotated.keys[0]!.id, rotated.keys[1]!.id]);
  });
});

describe('revokeIssuerKey()', () => {
  it('should revoke a retired key: published with its revoked time, not for assertionMethod, reason kept in the file only', () => {
    const set = rotateIssuerKey(generateIssuerKeySet({ did: DID }));
    const old = set.keys[1]!;
    const revoked = revokeIssuerKey(set, { keyId: old.id, reason: '  backup disk lost  ', now: AT });
    expect(shape(revoked)).to.deep.equal(['active+secret', 'revoked']);
    expect(activeIssuerKey(revoked).id).to.equal(activeIssuerKey(set).id);
    const document = buildDidDocument(revoked);
    expect(document.verificationMethod[1]).to.deep.equal({
      id: old.id, type: 'Ed25519VerificationKey2020', controller: DID, publicKeyMultibase: old.publicKeyMultibase,
      revoked: '2026-03-01T08:00:00.000Z',
    });
    expect(document.verificationMethod[0]).to.not.have.property('revoked');
    expect(document.assertionMethod).to.deep.equal([revoked.keys[0]!.id]);
    expect(JSON.stringify(document)).to.not.contain('backup disk');
    expect(toIssuerKeyFile(revoked).keys[1]).to.include({ status: 'revoked', revocationReason: 'backup disk lost' });
    expect(parseDidDocument(JSON.parse(JSON.stringify(document)), 'did.json')).to.deep.equal(document);
  });

  it('should make a fresh active key first when the active key is revoked, and accept the key by its multibase', () => {
    const set = generateIssuerKeySet({ did: DID });
    const compromised = set.keys[0]!;
    const revoked = revokeIssuerKey(set, { keyId: compromised.publicKeyMultibase, reason: 'key leaked', now: AT });
    expect(shape(revoked)).to.deep.equal(['active+secret', 'revoked']);
    expect(activeIssuerKey(revoked).id).to.not.equal(compromised.id);
    expect(activeIssuerKey(revoked).created).to.equal(AT.toISOString());
    expect(buildDidDocument(revoked).assertionMethod).to.deep.equal([activeIssuerKey(revoked).id]);
    expect(shape(set)).to.deep.equal(['active+secret']);
  });

  it('should survive a round trip through the key file', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'healthcred-keys-')), 'issuer-key.json');
    const set = generateIssuerKeySet({ did: DID });
    const revoked = revokeIssuerKey(set, { keyId: set.keys[0]!.id, reason: 'key leaked', now: AT });
    writeIssuerKeyFile(path, revoked);
    const read = readIssuerKeyFile(path);
    expect(toIssuerKeyFile(read)).to.deep.equal(toIssuerKeyFile(revoked));
    expect(buildDidDocument(read)).to.deep.equal(buildDidDocument(revoked));
  });

  describe('negative', () => {
    it('rejects a key not in the set, naming keyId', () => {
      const error = failure(() => revokeIssuerKey(generateIssuerKeySet({ did: DID }), { keyId: `${DID}#z6MkNope`, reason: 'leaked' }));
      expect(error).to.include({ code: 'not_found', field: 'keyId' });
    });

    it('rejects revoking a key twice, keeping its first revocation time', () => {
      const set = generateIssuerKeySet({ did: DID });
      const once = revokeIssuerKey(set, { keyId: set.keys[0]!.id, reason: 'leaked', now: AT });
      const error = failure(() => revokeIssuerKey(once, { keyId: set.keys[0]!.id, reason: 'again' }));
      expect(error.code).to.equal('conflict');
      expect(error.message).to.contain(AT.toISOString());
    });

    it('rejects a missing or blank reason, naming reason', () => {
      const set = generateIssuerKeySet({ did: DID });
      for (const reason of [undefined, '  ', 'x'.repeat(501)]) {
        expect(failure(() => revokeIssuerKey(set, { keyId: set.keys[0]!.id, reason: reason as string })))
          .to.include({ code: 'invalid_input', field: 'reason' });
      }
    });
  });
});

describe('key files written by earlier versions', () => {
  it('should read a retired private part, report it, and delete it on the next write', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'healthcred-keys-')), 'issuer-key.json');
    const first = generateIssuerKeySet({ did: DID });
    const legacy = toIssuerKeyFile(rotateIssuerKey(first));
    legacy.keys[1]!.privateKeyMultibase = toIssuerKeyFile(first).keys[0]!.privateKeyMultibase!;
    writeFileSync(path, JSON.stringify(legacy), { mode: 0o600 });
    const read = readIssuerKeyFile(path);
    expect(inactiveKeysWithSecrets(read)).to.deep.equal([first.keys[0]!.id]);
    writeIssuerKeyFile(path, read, { overwrite: true });
    const written = JSON.parse(readFileSync(path, 'utf8')) as { keys: { privateKeyMultibase?: string }[] };
    expect(written.keys.map((key) => key.privateKeyMultibase !== undefined)).to.deep.equal([true, false]);
    expect(inactiveKeysWithSecrets(readIssuerKeyFile(path))).to.deep.equal([]);
  });
});
