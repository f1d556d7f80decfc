import { expect } from 'chai';
import { openSqliteBus, type BusMessage, type SqliteEventBus } from '@healthcred/bus';
import { loadConfig } from '@healthcred/config';
import { createIssuer } from '@healthcred/credentials';
import { loadDefaultDhis2Mapping } from '@healthcred/dhis2';
import { generateIssuerKeySet } from '@healthcred/issuer-identity';
import { handleDhis2Batch, type IssuerDeps } from '@healthcred/pipeline';
import { openSqliteStore, type CredentialStore } from '@healthcred/store';
import { trackedEntity, trackerEvent } from '@healthcred/testing';
import { pino } from 'pino';

const topics = loadConfig({}).topics;
const completed = trackedEntity([trackerEvent()]);
const deleted = trackedEntity([{ ...trackerEvent(), deleted: true }]);

describe('handleDhis2Batch() with deletions (SQLite event log and store)', () => {
  let store: CredentialStore;
  let bus: SqliteEventBus;
  let deps: IssuerDeps;

  beforeEach(() => {
    store = openSqliteStore({ path: ':memory:' });
    bus = openSqliteBus({ path: ':memory:', pollIntervalMs: 10 });
    deps = {
      store, bus, mapping: loadDefaultDhis2Mapping(), topics, logger: pino({ level: 'silent' }),
      issuer: createIssuer({ keys: generateIssuerKeySet({ did: 'did:web:localhost%3A8080' }), url: 'http://localhost:8080' }),
      limits: { maxAttempts: 2, retryBaseMs: 1, payloadLimitBytes: 1024 * 1024 },
    };
  });

  afterEach(async () => {
    await bus.close();
    await store.close();
  });

  const batch = (...payloads: object[]): BusMessage[] => payloads.map((payload, i) => ({
    topic: topics.dhis2, partition: 0, offset: String(i), key: 'PQfMcpmXeFE', value: JSON.stringify(payload), headers: {},
    timestamp: new Date().toISOString(),
  }));

  /** The certification requests the batch put on the certify topic. */
  async function certifyRequests(): Promise<string[]> {
    const keys: string[] = [];
    const subscription = await bus.subscribe({ groupId: 'probe', topics: [topics.certify], fromBeginning: true,
      handle: async (message) => { keys.push(message.key!); } });
    await new Promise((resolve) => setTimeout(resolve, 150));
    await subscription.stop();
    return keys;
  }

  it('should not request a certificate for an event a later payload of the same batch deletes', async () => {
    await handleDhis2Batch(deps, batch(completed, deleted));
    expect(await certifyRequests()).to.deep.equal([]);
    expect(await store.listDeadLetters()).to.deep.equal([]);
  });

  it('should request one for an event deleted, then sent again, in the same batch', async () => {
    await handleDhis2Batch(deps, batch(deleted, completed));
    expect(await certifyRequests()).to.deep.equal(['dhis2:PQfMcpmXeFE:FyEg9Ah0nLM:1']);
  });
});
