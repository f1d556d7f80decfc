// The DIVOC credential profile on the national tier (Kafka, MongoDB), configured as a deployment is
// (HEALTHCRED_CREDENTIAL_PROFILE=divoc, the imported key file): DHIS2 payloads published to Kafka come out as DIVOC
// certificates in MongoDB that DIVOC's own verifier library accepts.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import mongoose from 'mongoose';
import { loadConfig } from '@healthcred/config';
import { importDivocKey, writeDivocKeyFile } from '@healthcred/issuer-identity';
import { runIssuer, type RunningIssuer } from '@healthcred/pipeline';
import { createLogger } from '@healthcred/runtime';
import { countryKey, divocAppVerify } from '@healthcred/testing';

const brokers = process.env['KAFKA_BROKERS'];
const uri = process.env['MONGODB_URI'];
const examples = new URL('../../../examples/dhis2/', import.meta.url).pathname;
const NAMESPACE = 'https://moh.example.gov.lk/credentials/vaccination/v1';

if (!brokers || !uri) {
  console.log('NOTICE: DIVOC profile on the national tier skipped: KAFKA_BROKERS and MONGODB_URI are not set');
} else {
  describe('issuer under the DIVOC credential profile on the national tier (Kafka, MongoDB)', function () {
    this.timeout(120_000);
    const run = `divoc_${randomUUID().slice(0, 8)}`;
    const key = countryKey('ED25519', 'did:srilanka:moh');
    let dataDir: string;
    let issuer: RunningIssuer | undefined;

    before(() => {
      dataDir = mkdtempSync(join(tmpdir(), 'healthcred-divoc-national-'));
    });
    after(async () => {
      await issuer?.stop();
      const connection = await mongoose.createConnection(uri, { dbName: run }).asPromise();
      await connection.dropDatabase();
      await connection.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('should issue DIVOC certificates from DHIS2 payloads on Kafka, stored in MongoDB, that DIVOC\'s app verifies', async () => {
      const keyFile = join(dataDir, 'divoc-key.json');
      writeDivocKeyFile(keyFile, importDivocKey(key.material, 'test'));
      const topics = Object.fromEntries(['DHIS2', 'CERTIFY', 'CERTIFIED', 'ACK', 'DEAD_LETTER']
        .map((name) => [`TOPIC_${name}`, `${run}.${name.toLowerCase()}`]));
      const config = loadConfig({
        HEALTHCRED_TIER: 'national', KAFKA_BROKERS: brokers, MONGODB_URI: uri, MONGODB_DB: run, ISSUER_COUNTRY: 'LK',
        HEALTHCRED_CREATE_DEV_KEY: 'true', HEALTHCRED_DATA_DIR: dataDir, ISSUER_SIGNING_THREADS: '0', ...topics,
        ISSUER_URL: 'https://moh.example.gov.lk', HEALTHCRED_CREDENTIAL_PROFILE: 'divoc', HEALTHCRED_DIVOC_NAMESPACE: NAMESPACE,
        HEALTHCRED_DIVOC_KEY_FILE: keyFile,
      });
      issuer = await runIssuer(config, createLogger({ name: 'issuer', level: 'silent' }));
      const { store, bus } = issuer.infrastructure;
      await bus.publish(config.topics.dhis2, [{ value: readFileSync(join(examples, 'tracker-tracked-entities.json'), 'utf8') }]);
      const deadline = Date.now() + 100_000;
      while ((await store.count()) === 0) {
        if (Date.now() > deadline) throw new Error('timed out waiting for a DIVOC certificate in MongoDB');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const app = { ...key.app, namespace: NAMESPACE, namespaceV2: `${NAMESPACE}2` };
      for (const certificate of await store.list({ limit: 100 })) {
        const credential = certificate.credential as Record<string, any>;
        expect(credential['@context']).to.deep.equal(['https://www.w3.org/2018/credentials/v1', NAMESPACE]);
        expect(credential.proof).to.include({ type: 'Ed25519Signature2018', verificationMethod: 'did:srilanka:moh' });
        expect(credential.evidence[0].certificateId).to.equal(certificate.certificateId);
        expect((await divocAppVerify(app, JSON.stringify(credential))).verified, certificate.sourceKey).to.equal(true);
      }
    });
  });
}
