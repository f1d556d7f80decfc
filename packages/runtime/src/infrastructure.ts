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
 * Opens the store and the event bus: MongoDB and Kafka for the national tier, SQLite files in the data directory
 * (`store.sqlite`, `events.sqlite`) for the embedded tier.
 */
export async function openInfrastructure(config: Config): Promise<Infrastructure> {
  let store: CredentialStore;
  let bus: EventBus;
  if (config.tier === 'national') {
    store = await connectMongoStore({ uri: config.mongo!.uri, dbName: config.mongo!.dbName });
    bus = await connectKafkaBus({ brokers: config.kafka!.brokers, clientId: config.kafka!.clientId });
  } else {
    mkdirSync(config.dataDir, { recursive: true });
    store = openSqliteStore({ path: join(config.dataDir, 'store.sqlite') });
    bus = openSqliteBus({ path: join(config.dataDir, 'events.sqlite') });
  }
  return {
    store,
    bus,
    async close() {
      await Promise.allSettled([bus.close(), store.close()]);
    },
  };
}
