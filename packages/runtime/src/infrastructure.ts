import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { connectKafkaBus, openSqliteBus, type EventBus } from '@healthcred/bus';
import type { Config } from '@healthcred/config';
import { connectMongoStore, openSqliteStore, type CredentialStore } from '@healthcred/store';

/** The store and the event bus of the configured tier. */
export interface Infrastructure {
  store: CredentialStore;
  bus: EventBus;
  close(): Promise<void>;
}

/**
 * Opens the store of the configured tier alone (MongoDB for the national tier, `store.sqlite` in the data directory
 * for the embedded tier), for work that needs no event bus (key revocation, re-issue jobs).
 */
export async function openStore(config: Config): Promise<CredentialStore> {
  if (config.tier === 'national') return connectMongoStore({ uri: config.mongo!.uri, dbName: config.mongo!.dbName });
  mkdirSync(config.dataDir, { recursive: true });
  return openSqliteStore({ path: join(config.dataDir, 'store.sqlite') });
}

/**
 * Opens the store and the event bus: MongoDB and Kafka for the national tier, SQLite files in the data directory
 * (`store.sqlite`, `events.sqlite`) for the embedded tier.
 */
export async function openInfrastructure(config: Config): Promise<Infrastructure> {
  const national = config.tier === 'national';
  const store = await openStore(config);
  let bus: EventBus;
  try {
    bus = national
      ? await connectKafkaBus({ brokers: config.kafka!.brokers, clientId: config.kafka!.clientId })
      : openSqliteBus({ path: join(config.dataDir, 'events.sqlite') });
  } catch (error) {
    // An open MongoDB connection would keep a process that failed to start from exiting.
    await store.close();
    throw error;
  }
  return {
    store,
    bus,
    async close() {
      await Promise.allSettled([bus.close(), store.close()]);
    },
  };
}
