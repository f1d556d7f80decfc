import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadConfig, type Config } from '@healthcred/config';
import { trustEntryOf, verifyCredential } from '@healthcred/credentials';
import { generateIssuerKeySet, readIssuerKeyFile, revokeIssuerKey, rotateIssuerKey } from '@healthcred/issuer-identity';
import { runIssuer, type RunningIssuer } from '@healthcred/pipeline';
import { createLogger } from '@healthcred/runtime';
import { mockVaccinationRecord, until } from '@healthcred/testing';

/** What these tests read of a stored credential. */
type Signed = { proof: { verificationMethod: string } };

/**
 * A key change in a running issuer (`runIssuer`), as a change of the key file makes it: the next certificate of the
 * pipeline is signed with the new key, on this thread and on the signing threads (which hold their own key).
 */
for (const threads of [0, 1]) {
  describe(`issuer: a key change reaches the next certificate at once (${threads ? 'signing threads' : 'this thread'})`, function () {
    this.timeout(60_000);
    let dataDir: string;
    let config: Config;
    let running: RunningIssuer;
    let sequence = 0;

    /** Publishes a certification request and waits for its certificate. */
    async function certify(): Promise<Signed> {
      const sourceKey = `key-change:${++sequence}`;
      await running.infrastructure.bus.publish(config.topics.certify, [{
        key: sourceKey, value: JSON.stringify({ sourceKey, kind: 'vaccination', record: mockVaccinationRecord() }),
      }]);
      await until(async () => (await running.infrastructure.store.findCurrentBySourceKey(sourceKey)) !== undefined, 'the certificate', 30_000);
      return (await running.infrastructure.store.findCurrentBySourceKey(sourceKey))!.credential as unknown as Signed;
    }
    const verified = async (credential: Signed) => (await verifyCredential({
      credential, trustedIssuers: [trustEntryOf(running.issuer.current(), { name: 'Ministry of Health', country: 'LK' })],
      documentLoader: running.issuer.current().documentLoader,
    })).verified;

    beforeEach(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'healthcred-issuer-keys-'));
      config = loadConfig({ HEALTHCRED_DATA_DIR: dataDir, ISSUER_SIGNING_THREADS: String(threads) });
      running = await runIssuer(config, createLogger({ name: 'issuer', level: 'silent' }));
    });
    afterEach(async () => {
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    describe('negative', () => {
      it('refuses keys of another DID and keeps signing with its own key', async () => {
        const before = (await certify()).proof.verificationMethod;
        expect(() => running.issuer.replace(generateIssuerKeySet({ did: 'did:web:other.example' }))).to.throw().with.property('code', 'key_error');
        expect((await certify()).proof.verificationMethod).to.equal(before);
      });

      it('signs nothing more with a revoked key: the next certificate has the fresh key and verifies', async () => {
        const first = await certify();
        const revoked = first.proof.verificationMethod;
        running.issuer.replace(revokeIssuerKey(readIssuerKeyFile(config.issuerKey.file), { keyId: revoked, reason: 'key leaked' }));
        const next = await certify();
        expect(next.proof.verificationMethod).to.equal(running.issuer.current().signer.id).and.not.equal(revoked);
        expect(await verified(next)).to.equal(true);
        expect(await verified(first)).to.equal(false);
      });
    });

    it('should sign the next certificate with the rotated key; the one before keeps verifying', async () => {
      const first = await certify();
      const rotated = rotateIssuerKey(readIssuerKeyFile(config.issuerKey.file));
      running.issuer.replace(rotated);
      const next = await certify();
      expect(next.proof.verificationMethod).to.equal(rotated.keys[0]!.id).and.not.equal(first.proof.verificationMethod);
      expect(await verified(next)).to.equal(true);
      expect(await verified(first)).to.equal(true);
    });
  });
}
