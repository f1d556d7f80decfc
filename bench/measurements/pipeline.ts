import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectKafkaBus, openSqliteBus, type EventBus } from '@healthcred/bus';
import { loadConfig } from '@healthcred/config';
import { createDocumentLoader } from '@healthcred/document-loader';
import { trustEntryOf, verifyCredential } from '@healthcred/credentials';
import { buildDidDocument, generateIssuerKeySet, writeIssuerKeyFile, type IssuerKeySet } from '@healthcred/issuer-identity';
import { connectMongoStore, openSqliteStore, type CredentialStore } from '@healthcred/store';
import mongoose from 'mongoose';
import { backfillTrackedEntity as trackedEntity } from '@healthcred/testing';
// @ts-expect-error plain JS module shared with scripts/backfill-crash.mjs
import { pipelineProgress } from '../../scripts/lib/group-progress.mjs';
import { startProcess, stopProcess, until } from '../lib/child.js';
import type { BenchmarkModule, Measurement } from '../measure.js';

const ISSUER_URL = 'http://localhost:8080';

/** The event log and store of one measurement, and what the issuer process needs to use them. */
interface Tier {
  bus: EventBus;
  store: CredentialStore;
  env: Record<string, string>;
  topics: { dhis2: string; certify: string };
  close(): Promise<void>;
}

function embeddedTier(dataDir: string): Promise<Tier> {
  const bus = openSqliteBus({ path: join(dataDir, 'events.sqlite') });
  const store = openSqliteStore({ path: join(dataDir, 'store.sqlite') });
  return Promise.resolve({
    bus, store, env: {}, topics: { dhis2: 'dhis2.hooks', certify: 'certify' },
    close: async () => {
      await bus.close();
      await store.close();
    },
  });
}

/** Kafka and MongoDB at KAFKA_BROKERS and MONGODB_URI, with topics and a database named for this run (dropped after). */
async function nationalTier(): Promise<Tier> {
  const run = `bench_${randomUUID().slice(0, 8)}`;
  const uri = process.env['MONGODB_URI']!;
  const env: Record<string, string> = {
    HEALTHCRED_TIER: 'national', ISSUER_COUNTRY: 'LK', KAFKA_BROKERS: process.env['KAFKA_BROKERS']!, MONGODB_URI: uri, MONGODB_DB: run,
    TOPIC_DHIS2: `${run}.dhis2`, TOPIC_CERTIFY: `${run}.certify`, TOPIC_CERTIFIED: `${run}.certified`, TOPIC_ACK: `${run}.ack`,
    TOPIC_DEAD_LETTER: `${run}.dead`,
  };
  const store = await connectMongoStore({ uri, dbName: run });
  const bus = await connectKafkaBus({ brokers: env['KAFKA_BROKERS']!.split(','), clientId: run });
  return {
    bus, store, env, topics: { dhis2: env['TOPIC_DHIS2']!, certify: env['TOPIC_CERTIFY']! },
    close: async () => {
      await bus.close();
      await store.close();
      const connection = await mongoose.createConnection(uri, { dbName: run }).asPromise();
      await connection.dropDatabase();
      await connection.close();
    },
  };
}

async function verifySample(store: CredentialStore, keys: IssuerKeySet): Promise<void> {
  const didDocument = buildDidDocument(keys);
  const documentLoader = createDocumentLoader({ contextBaseUrls: [ISSUER_URL], didDocuments: [didDocument] });
  const trustedIssuers = [trustEntryOf({ did: keys.did, url: ISSUER_URL, didDocument }, { name: 'Ministry of Health', country: 'LK' })];
  for (const certificate of await store.list({ limit: 20 })) {
    const result = await verifyCredential({ credential: certificate.credential, documentLoader, trustedIssuers });
    if (!result.verified) throw new Error(`a stored credential does not verify: ${JSON.stringify(result.errors)}`);
  }
}

/**
 * Runs a `healthcred issuer` process on `open()`'s tier, lets it handle one payload (so that its start and group
 * join are not timed), then publishes `events` more and times them until each has its credential.
 */
async function measurePipeline(open: (dataDir: string) => Promise<Tier>, events: number): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'healthcred-bench-'));
  const keys = generateIssuerKeySet({ did: loadConfig({ ISSUER_URL }).issuerDid });
  writeIssuerKeyFile(join(dataDir, 'issuer-key.json'), keys);
  const tier = await open(dataDir);
  // BENCH_ISSUER_NODE_OPTIONS reaches the issuer process only, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it.
  const nodeOptions = process.env['BENCH_ISSUER_NODE_OPTIONS'];
  const issuer = startProcess('packages/cli/dist/main.js', ['issuer'], {
    HEALTHCRED_DATA_DIR: dataDir, ISSUER_URL, ...tier.env, ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
  });
  const progress = async () => {
    if (issuer.exitCode !== null) throw new Error('the issuer process exited (its message is above)');
    return await pipelineProgress(tier.bus, tier.topics) as { mapped: number; certified: number; certifyLag: number };
  };
  try {
    await tier.bus.publish(tier.topics.dhis2, [{ value: JSON.stringify(trackedEntity(0)) }]);
    await until(async () => (await progress()).certified >= 1, 'the issuer to handle a first payload', 120_000, 100);
    const start = performance.now();
    for (let n = 1; n <= events; n += 500) {
      await tier.bus.publish(tier.topics.dhis2, Array.from({ length: Math.min(500, events + 1 - n) },
        (_, i) => ({ value: JSON.stringify(trackedEntity(n + i)) })));
    }
    // The store's count only once the groups say all is done: on FerretDB a count reads the whole collection.
    await until(async () => {
      const { mapped, certifyLag } = await progress();
      return mapped >= events + 1 && certifyLag === 0 && (await tier.store.count()) >= events + 1;
    }, 'every credential', 600_000, 100);
    const perSecond = events / ((performance.now() - start) / 1000);
    await verifySample(tier.store, keys);
    return perSecond;
  } finally {
    await stopProcess(issuer);
    await tier.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The whole pipeline: DHIS2 tracker payloads published to the DHIS2 topic → a running `healthcred issuer` process
 * maps, signs and stores them → stored credentials, on the embedded tier and (when KAFKA_BROKERS and MONGODB_URI are
 * set, as `npm run bench` sets them when it can start Kafka and FerretDB) on the national tier. Events per second
 * from the first publish until the last credential is stored; a sample of the credentials is verified afterwards.
 */
export const pipelineBenchmarks: BenchmarkModule = {
  name: 'pipeline',
  async setup() {
    const measurements: Measurement[] = [{
      name: 'pipeline_per_s', label: 'DHIS2 payload → stored credential, `healthcred issuer`, embedded tier',
      run: (options) => measurePipeline(embeddedTier, Math.max(2000, Math.round(options.seconds * 2500))),
    }];
    if (process.env['KAFKA_BROKERS'] && process.env['MONGODB_URI']) {
      measurements.push({
        name: 'pipeline_national_per_s', label: 'DHIS2 payload → stored credential, `healthcred issuer`, Kafka + MongoDB',
        run: (options) => measurePipeline(nationalTier, Math.max(1000, Math.round(options.seconds * 500))),
      });
    } else {
      process.stderr.write('NOTICE: pipeline_national_per_s skipped: KAFKA_BROKERS and MONGODB_URI are not set '
        + '(npm run bench starts Kafka and FerretDB when java, mvn and go are installed)\n');
    }
    return measurements;
  },
};
