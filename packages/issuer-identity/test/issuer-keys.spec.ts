import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { expect } from 'chai';
import { HealthcredError } from '@healthcred/errors';
import {
  activeIssuerKey, buildDidDocument, decodeMultibaseKey, ED25519_PUBLIC_PREFIX,
  generateIssuerKeySet, parseIssuerKeyFile, readIssuerKeyFile, revokeIssuerKey, rotateIssuerKey, toIssuerKeyFile,
  writeIssuerKeyFile,
} from '@healthcred/issuer-identity';

const DID = 'did:web:example.org';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'healthcred-keys-'));
}

function keyError(read: () => unknown): HealthcredError {
  try {
    read();
  } catch (error) {
    expect(error).to.be.instanceOf(HealthcredError);
    return error as HealthcredError;
  }
  throw new Error('expected a key error');
}

describe('generateIssuerKeySet()', () => {
  it('should make one active Ed25519 key whose public key is multibase z6Mk with the 0xed01 prefix', () => {
    const set = generateIssuerKeySet({ did: DID });
    const [key] = set.keys;
    expect(set.keys).to.have.length(1);
    expect(key!.status).to.equal('active');
    expect(key!.publicKeyMultibase).to.match(/^z6Mk/);
    expect(decodeMultibaseKey(key!.publicKeyMultibase, ED25519_PUBLIC_PREFIX, 32)).to.have.length(32);
    expect(key!.id).to.equal(`${DID}#${key!.publicKeyMultibase}`);
  });

  it('should not reveal the private key when the set is logged or serialised', () => {
    const set = generateIssuerKeySet({ did: DID });
    const secret = toIssuerKeyFile(set).keys[0]!.privateKeyMultibase!;
    expect(inspect(set, { depth: 10 })).to.not.contain(secret.slice(1, 20));
    expect(JSON.stringify(set)).to.not.contain(secret.slice(1, 20));
  });

  it('rejects a value that is not a DID', () => {
    expect(keyError(() => generateIssuerKeySet({ did: 'example.org' })).code).to.equal('invalid_input');
  });
});

describe('buildDidDocument()', () => {
  it('should publish public keys only, each for assertionMethod, controlled by the DID', () => {
    const set = generateIssuerKeySet({ did: DID });
    const document = buildDidDocument(set);
    expect(document.id).to.equal(DID);
    expect(document.verificationMethod[0]).to.deep.equal({
      id: set.keys[0]!.id, type: 'Ed25519VerificationKey2020', controller: DID,
      publicKeyMultibase: set.keys[0]!.publicKeyMultibase,
    });
    expect(JSON.stringify(document)).to.not.contain('private');
  });
});

describe('writeIssuerKeyFile() / readIssuerKeyFile()', () => {
  it('should write a file only its owner can read and read the same keys back', () => {
    const path = join(tempDir(), 'issuer-key.json');
    const set = generateIssuerKeySet({ did: DID });
    writeIssuerKeyFile(path, set);
    expect(statSync(path).mode & 0o777).to.equal(0o600);
    const read = readIssuerKeyFile(path);
    expect(toIssuerKeyFile(read)).to.deep.equal(toIssuerKeyFile(set));
  });

  it('should overwrite atomically when asked, keeping mode 0600', () => {
    const path = join(tempDir(), 'issuer-key.json');
    writeIssuerKeyFile(path, generateIssuerKeySet({ did: DID }));
    const rotated = rotateIssuerKey(readIssuerKeyFile(path));
    writeIssuerKeyFile(path, rotated, { overwrite: true });
    expect(readIssuerKeyFile(path).keys).to.have.length(2);
    expect(statSync(path).mode & 0o777).to.equal(0o600);
  });

  describe('negative', () => {
    it('refuses to overwrite an existing key file by default', () => {
      const path = join(tempDir(), 'issuer-key.json');
      writeIssuerKeyFile(path, generateIssuerKeySet({ did: DID }));
      const before = readFileSync(path, 'utf8');
      expect(keyError(() => writeIssuerKeyFile(path, generateIssuerKeySet({ did: DID }))).code).to.equal('conflict');
      expect(readFileSync(path, 'utf8')).to.equal(before);
    });

    it('names a missing file', () => {
      expect(keyError(() => readIssuerKeyFile('/nonexistent/issuer-key.json')).message)
        .to.contain('/nonexistent/issuer-key.json');
    });

    it('does not quote a malformed file, which may hold a secret', () => {
      const path = join(tempDir(), 'broken.json');
      writeFileSync(path, '{"did": "did:web:x", "keys": [{"privateKeyMultibase": "zSECRETSECRET"');
      const error = keyError(() => readIssuerKeyFile(path));
      expect(error.code).to.equal('key_error');
      expect(error.message).to.not.contain('SECRET');
    });
  });
});

describe('parseIssuerKeyFile()', () => {
  function file() {
    return toIssuerKeyFile(generateIssuerKeySet({ did: DID }));
  }

  describe('negative', () => {
    it('rejects a private key that does not belong to the public key, without echoing either', () => {
      const json = file();
      const other = file().keys[0]!;
      json.keys[0]!.privateKeyMultibase = other.privateKeyMultibase!;
      const error = keyError(() => parseIssuerKeyFile(json, 'test'));
      expect(error.message).to.contain('keys[0].privateKeyMultibase').and.contain('does not belong');
      expect(error.message).to.not.contain(other.privateKeyMultibase!.slice(1, 12));
    });

    it('rejects a key of another controller', () => {
      const json = file();
      json.keys[0]!.controller = 'did:web:other.example';
      expect(keyError(() => parseIssuerKeyFile(json, 'test')).field).to.equal('keys[0].controller');
    });

    it('rejects a set without exactly one active key', () => {
      const json = file();
      json.keys[0]!.status = 'retired';
      expect(keyError(() => parseIssuerKeyFile(json, 'test')).message).to.contain('exactly one active key');
    });

    it('rejects a revoked key without its revocation time or reason, and a revocation time on a key not revoked', () => {
      const revoked = () => {
        const set = generateIssuerKeySet({ did: DID });
        return toIssuerKeyFile(revokeIssuerKey(set, { keyId: set.keys[0]!.id, reason: 'laptop stolen' }));
      };
      const noTime = revoked();
      delete noTime.keys[1]!.revoked;
      expect(keyError(() => parseIssuerKeyFile(noTime, 'test')).field).to.equal('keys[1].revoked');
      const badTime = revoked();
      badTime.keys[1]!.revoked = 'last Tuesday';
      expect(keyError(() => parseIssuerKeyFile(badTime, 'test')).field).to.equal('keys[1].revoked');
      const noReason = revoked();
      delete noReason.keys[1]!.revocationReason;
      expect(keyError(() => parseIssuerKeyFile(noReason, 'test')).field).to.equal('keys[1].revocationReason');
      const notRevoked = revoked();
      notRevoked.keys[1]!.status = 'retired';
      expect(keyError(() => parseIssuerKeyFile(notRevoked, 'test')).field).to.equal('keys[1].revoked');
    });

    it('rejects a public key that is not multibase Ed25519', () => {
      const json = file();
      json.keys[0]!.publicKeyMultibase = 'z123';
      expect(keyError(() => parseIssuerKeyFile(json, 'test')).field).to.equal('keys[0].publicKeyMultibase');
    });
  });
});
