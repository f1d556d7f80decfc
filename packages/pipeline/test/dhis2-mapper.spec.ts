import { expect } from 'chai';
import { openSqliteBus, type BusMessage, type SqliteEventBus } from '@healthcred/bus';
import { loadConfig } from '@healthcred/config';
import { createIssuer } from '@healthcred/credentials';
import { loadDefaultDhis2Mapping } from '@healthcred/dhis2';
import { generateIssuerKeySet } from '@healthcred/issuer-identity';
import { handleDhis2Batch, startMappingThread, type Dhis2Mapper, type IssuerDeps } from '@healthcred/pipeline';
import { openSqliteStore, type CredentialStore } from '@healthcred/store';
import { trackedEntity, trackerEvent } from '@healthcred/testing';
import { pino } from 'pino';

const topics = loadConfig({}).topics;
const mapping = loadDefaultDhis2Mapping();
const issuer = createIssuer({ keys: generateIssuerKeySet({ did: 'did:web:localhost%3A8080' }), url: 'http://localhost:8080' });

const values = [
  JSON.stringify(trackedEntity([trackerEvent()])),
  '{"trackedEntity": ',
  JSON.stringify({ padding: 'x'.repeat(3000) }),
  JSON.stringify(trackedEntity([{ ...trackerEvent(), event: 'Zq9NoDateEv', occurredAt: undefined, eventDate: undefined }])),
  JSON.stringify(trackedEntity([{ ...trackerEvent(), event: 'Zq9ScheduEv', status: 'SCHEDULE' }])),
  JSON.stringify(trackedEntity([{ ...trackerEvent(), event: 'Zq9DeletdEv', deleted: true }])),
];
const messages: BusMessage[] = values.map((value, i) => ({
  topic: topics.dhis2, partition: 0, offset: String(i), key: 'PQfMcpmXeFE', value, headers: {}, timestamp: new Date().toISOString(),
}));

/** What handling the batch published and dead-lettered, less the times. */
async function outcomeOf(dhis2Mapper: Dhis2Mapper | undefined): Promise<unknown> {
  const store: CredentialStore = openSqliteStore({ path: ':memory:' });
  const bus: SqliteEventBus = openSqliteBus({ path: ':memory:', pollIntervalMs: 10 });
  const deps: IssuerDeps = {
    store, bus, mapping, topics, logger: pino({ level: 'silent' }), issuer,
    limits: { maxAttempts: 2, retryBaseMs: 1, payloadLimitBytes: 2048 }, ...(dhis2Mapper ? { dhis2Mapper } : {}),
  };
  try {
    await handleDhis2Batch(deps, messages);
    const read = async (topic: string) => (await bus.readTopic(topic)).map(({ key, value }) => ({ key, value: value.replace(/"at":"[^"]+"/, '') }));
    return {
      certify: await read(topics.certify), ack: await read(topics.ack), deadLetter: await read(topics.deadLetter),
      // The store lists the newest first, and those of one millisecond by id: which it is depends on timing, so sorted.
      stored: (await store.listDeadLetters()).map(({ code, reason, attempts }) => ({ code, reason, attempts }))
        .sort((a, b) => a.reason.localeCompare(b.reason)),
    };
  } finally {
    await bus.close();
    await store.close();
  }
}

describe('startMappingThread()', () => {
  let mapper: Dhis2Mapper;

  before(() => {
    mapper = startMappingThread(mapping);
  });

  after(() => mapper.close());

  it('should publish and dead-letter a batch as mapping it on the calling thread does', async () => {
    const here = await outcomeOf(undefined) as { certify: unknown[]; stored: { reason: string }[] };
    expect(here.certify).to.have.length(1);
    expect(here.stored.map((letter) => letter.reason).join('\n')).to.contain('not valid JSON').and.contain('over the limit')
      .and.contain('occurredAt');
    expect(await outcomeOf(mapper)).to.deep.equal(here);
  });

  it('should refuse to map a batch it did not read, as retryable', async () => {
    const error = await mapper.map(-1, new Map()).catch((e: unknown) => e);
    expect(error).to.include({ code: 'internal', retryable: true });
  });
});
