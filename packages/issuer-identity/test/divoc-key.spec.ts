import { generateKeyPairSync, verify, constants } from 'node:crypto';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { decodeBase58, encodeBase58 } from '@healthcred/base58';
import {
  createDivocSigner, importDivocKey, parseDivocKeyFile, readDivocKeyFile, toDivocKeyFile, writeDivocKeyFile,
} from '@healthcred/issuer-identity';

function ed25519Secret() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  return { seed, raw, secret: encodeBase58(Buffer.concat([seed, raw])), publicKey };
}

function rsaPem(bits = 2048) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return { pem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(), publicKey };
}

describe('importDivocKey() and the DIVOC key file', () => {
  describe('negative', () => {
    it('refuses an RSA key under 2048 bits, a non-RSA PEM and text that is no PEM, never quoting the input', () => {
      expect(() => importDivocKey({ keyId: 'did:india', privateKeyPem: rsaPem(1024).pem }, 'x')).to.throw(/at least 2048 bits, has 1024/);
      const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      expect(() => importDivocKey({ keyId: 'did:india', privateKeyPem: ec }, 'x')).to.throw(/must be an RSA key/);
      expect(() => importDivocKey({ keyId: 'did:india', privateKeyPem: 'TOP-SECRET' }, 'x')).to.throw(/is not a PEM private key\.$/);
    });

    it('refuses base58 of the wrong length, a secret whose halves disagree, and a public key of another key', () => {
      const { seed, secret } = ed25519Secret();
      expect(() => importDivocKey({ keyId: 'did:india', privateKeyBase58: encodeBase58(seed.subarray(0, 31)) }, 'x')).to.throw(/32 or 64 bytes/);
      expect(() => importDivocKey({ keyId: 'did:india', privateKeyBase58: '0OIl' }, 'x')).to.throw(/is not base58/);
      const mixed = encodeBase58(Buffer.concat([seed, ed25519Secret().raw]));
      expect(() => importDivocKey({ keyId: 'did:india', privateKeyBase58: mixed }, 'x')).to.throw(/public half that does not belong/);
      expect(() => importDivocKey({ keyId: 'did:india', privateKeyBase58: secret, publicKeyBase58: encodeBase58(ed25519Secret().raw) }, 'x'))
        .to.throw(/publicKeyBase58 does not belong/);
    });

    it('refuses key ids the verifier apps could not name verbatim', () => {
      const { secret } = ed25519Secret();
      for (const keyId of ['', 'srilanka', 'did:', 'did:Sri Lanka', 'https://', 'urn:x:y', 'did:x:<a>']) {
        expect(() => importDivocKey({ keyId, privateKeyBase58: secret }, 'x'), keyId).to.throw(/keyId must be/);
      }
    });

    it('refuses a key file whose public key is not its private key\'s, or of an unknown type', () => {
      const file = toDivocKeyFile(importDivocKey({ keyId: 'did:india', privateKeyPem: rsaPem().pem }, 'x'));
      expect(() => parseDivocKeyFile({ ...file, publicKeyPem: toDivocKeyFile(importDivocKey({ keyId: 'did:india', privateKeyPem: rsaPem().pem }, 'x')).publicKeyPem }, 'f'))
        .to.throw(/publicKeyPem does not belong/);
      expect(() => parseDivocKeyFile({ ...file, type: 'JsonWebKey2020' }, 'f')).to.throw(/type must be/);
      const dir = mkdtempSync(join(tmpdir(), 'healthcred-divoc-key-'));
      writeFileSync(join(dir, 'bad.json'), '{"privateKeyPem": "-----BEGIN SECRET');
      expect(() => readDivocKeyFile(join(dir, 'bad.json'))).to.throw(/is not valid JSON\.$/);
    });
  });

  it('should sign PS256 (PSS, salt of the digest length) with an RSA key, verifiable with its public key', async () => {
    const { pem, publicKey } = rsaPem();
    const signer = createDivocSigner(importDivocKey({ keyId: 'did:srilanka:moh', privateKeyPem: pem }, 'x'));
    expect(signer).to.include({ keyId: 'did:srilanka:moh', proofType: 'RsaSignature2018', alg: 'PS256' });
    const data = Buffer.from('data');
    const signature = await signer.sign(data);
    expect(verify('sha256', data, { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature)).to.equal(true);
  });

  it('should import an Ed25519 secret of 64 bytes or a 32-byte seed as the same key, signing EdDSA', async () => {
    const { seed, secret, raw, publicKey } = ed25519Secret();
    const full = importDivocKey({ keyId: 'did:india', privateKeyBase58: secret }, 'x');
    const fromSeed = importDivocKey({ keyId: 'did:india', privateKeyBase58: encodeBase58(seed) }, 'x');
    expect(full.type === 'Ed25519VerificationKey2018' && full.publicKeyBase58).to.equal(encodeBase58(raw));
    expect(toDivocKeyFile(fromSeed)).to.deep.equal(toDivocKeyFile(full));
    const signer = createDivocSigner(full);
    expect(signer).to.include({ proofType: 'Ed25519Signature2018', alg: 'EdDSA' });
    expect(verify(null, Buffer.from('x'), publicKey, await signer.sign(Buffer.from('x')))).to.equal(true);
  });

  it('should write a 0600 key file that reads back as the same key and is never overwritten', () => {
    const dir = mkdtempSync(join(tmpdir(), 'healthcred-divoc-key-'));
    for (const key of [importDivocKey({ keyId: 'did:india', privateKeyPem: rsaPem().pem }, 'x'),
      importDivocKey({ keyId: 'did:srilanka:moh', privateKeyBase58: ed25519Secret().secret }, 'x')]) {
      const path = join(dir, `${key.type}.json`);
      writeDivocKeyFile(path, key);
      expect(statSync(path).mode & 0o777).to.equal(0o600);
      expect(toDivocKeyFile(readDivocKeyFile(path))).to.deep.equal(toDivocKeyFile(key));
      expect(() => writeDivocKeyFile(path, key)).to.throw(/already exists/);
    }
    expect(decodeBase58(toDivocKeyFile(importDivocKey({ keyId: 'did:india', privateKeyBase58: ed25519Secret().secret }, 'x')).privateKeyBase58 as string)).to.have.length(64);
  });
});
