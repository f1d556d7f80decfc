// The pipeline under the DIVOC credential profile (embedded tier): DHIS2 payloads in, DIVOC certificates out, each
// verified by DIVOC's own verifier library as a country's app is configured; replays change nothing.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { openSqliteBus, type SqliteEventBus } from '@healthcred/bus';
import { loadConfig } from '@healthcred/config';
import { createDivocIssuer, createIssuer, holdIssuer } from '@healthcred/credentials';
import { loadDefaultDhis2Mapping } from '@healthcred/dhis2';
import { generateIssuerKeySet, importDivocKey } from '@healthcred/issuer-identity';
import { startIssuerService, type IssuerService } from '@healthcred/pipeline';
import { pino } from 'pino';
import { openSqliteStore, type CredentialStore } from '@healthcred/store';
import { countryKey, divocAppVerify, until } from '@healthcred/testing';

const examples = new URL('../../../examples/dhis2/', import.meta.url).pathname;
const topics = loadConfig({}).topics;
const NAMESPACE = 'https://moh.example.gov.lk/credentials/vaccination/v2';

describe('issuer pipeline under the DIVOC credential profile (embedded tier)', () => {
  let store: CredentialStore;
  let bus: SqliteEventBus;
  let service: IssuerService;
  const key = countryKey('RSA', 'did:srilanka:moh');

  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'healthcred-issuer-divoc-'));
    store = openSqliteStore({ path: join(dir, 'store.sqlite') });
    bus = openSqliteBus({ path: join(dir, 'events.sqlite'), pollIntervalMs: 10 });
    const divoc = createDivocIssuer({
      profile: {
        context: 'vaccination/v2', namespaceUrl: NAMESPACE, issuer: 'https://moh.example.gov.lk/',
        certificateBaseUrl: 'https://moh.example.gov.lk/vaccine/', infoBaseUrl: 'https://moh.example.gov.lk/?',
        feedbackBaseUrl: 'https://moh.example.gov.lk/?',
      },
      key: importDivocKey(key.material, 'test'),
    });
    const issuer = createIssuer({ keys: generateIssuerKeySet({ did: 'did:web:localhost%3A8080' }), url: 'http://localhost:8080', divoc });
    service = await startIssuerService({
      store, bus, issuer: holdIssuer(issuer), mapping: loadDefaultDhis2Mapping(), topics, logger: pino({ level: 'silent' }),
      limits: { maxAttempts: 3, retryBaseMs: 1, payloadLimitBytes: 2 * 1024 * 1024 },
    }, { progressIntervalMs: 100 });
  });

  after(async () => {
    await service.stop();
    await bus.close();
    await store.close();
  });

  const drained = async () => (await bus.readOffsets('healthcred-issuer-certify')).every((o) => o.lag === 0)
    && (await bus.readOffsets('healthcred-issuer-dhis2')).every((o) => o.lag === 0);

  it('should issue DIVOC certificates DIVOC\'s app verifies, one per dose, and nothing more on replay', async () => {
    const payloads = ['legacy-tracked-entity-instance.json', 'tracker-tracked-entities.json', 'event-hook-envelope.json']
      .map((name) => ({ value: readFileSync(join(examples, name), 'utf8') }));
    await bus.publish(topics.dhis2, payloads);
    await until(async () => (await store.count()) > 0 && await drained(), 'issuance');
    const issued = await store.list({ limit: 100 });
    expect(issued.length).to.be.greaterThan(3);
    const app = { ...key.app, namespace: 'https://moh.example.gov.lk/credentials/vaccination/v1', namespaceV2: NAMESPACE };
    for (const certificate of issued) {
      const credential = certificate.credential as Record<string, any>;
      expect(credential['@context']).to.deep.equal(['https://www.w3.org/2018/credentials/v1', NAMESPACE]);
      expect(credential.proof.type).to.equal('RsaSignature2018');
      expect(credential.credentialSubject.dob).to.equal(certificate.dob);
      expect(certificate.statusListIndex).to.equal(undefined);
      expect((await divocAppVerify(app, JSON.stringify(credential))).verified, certificate.sourceKey).to.equal(true);
    }
    await bus.publish(topics.dhis2, payloads);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await until(drained, 'replay drained');
    expect(await store.count()).to.equal(issued.length);
  });
});
