import { join } from 'node:path';
import { connectKafkaBus, openSqliteBus, type EventBus } from '@healthcred/bus';
import type { Config } from '@healthcred/config';
import { connectMongoStore, openSqliteStore, type CredentialStore } from '@healthcred/store';
import { prepareDataDir } from './data-dir.js';
import type { Logger } from './logger.js';

/** How long a start waits for the integrity check of a SQLite file before serving while it goes on. */
const INTEGRITY_WAIT_MS = 10_000;

/** Options of {@link openStore} and {@link openInfrastructure}. */
export interface OpenOptions {
  /**
   * Check the SQLite files before returning (writable now, `quick_check` within 10 s). Default true, for the
   * services; a command that may only read (the CLI) passes false, so it still works on a full or read-only disk.
   */
  checks?: boolean;
}

/** The store and the event bus of the configured tier. */
export interface Infrastructure {
  store: CredentialStore;
  bus: EventBus;
  close(): Promise<void>;
}

interface SqliteFile {
  integrity(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A freshly opened SQLite file, checked before anything is served from it: it must be writable now (`ping`), and
 * sound (`PRAGMA quick_check`) within INTEGRITY_WAIT_MS; a check that takes longer goes on in the background, and its
 * failure is logged (and turns `ping`, hence /ready, to 503). Closed again when a check fails.
 */
async function checked<T extends SqliteFile>(opened: T, file: string, logger: Logger): Promise<T> {
  const integrity = opened.integrity();
  let timer: NodeJS.Timeout | undefined;
  try {
    await opened.ping();
    const finished = await Promise.race([
      integrity.then(() => true),
      new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), INTEGRITY_WAIT_MS).unref(); }),
    ]);
    if (!finished) {
      logger.warn({ file }, `the integrity check of ${file} takes longer than ${INTEGRITY_WAIT_MS / 1000} s: serving meanwhile`);
      integrity.catch((error: Error) => logger.error({ file, reason: error.message }, `${file} failed its integrity check: not ready`));
    }
    return opened;
  } catch (error) {
    integrity.catch(() => undefined);
    await opened.close();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Opens the store of the configured tier alone (MongoDB for the national tier, `store.sqlite` in the data directory
 * for the embedded tier), for work that needs no event bus (key revocation, re-issue jobs). On the embedded tier the
 * data directory is made owner-only first (see `prepareDataDir`), and the file is checked (writable, sound) unless
 * `options.checks` is false.
 * @throws HealthcredError `unavailable` saying what is wrong (read-only, disk full, corrupt, and what to do).
 */
export async function openStore(config: Config, logger: Logger, options: OpenOptions = {}): Promise<CredentialStore> {
  if (config.tier === 'national') return connectMongoStore({ uri: config.mongo!.uri, dbName: config.mongo!.dbName });
  const checks = options.checks ?? true;
  prepareDataDir(config, logger, { writable: checks });
  const store = openSqliteStore({ path: join(config.dataDir, 'store.sqlite') });
  return checks ? checked(store, 'store.sqlite', logger) : store;
}

/**
 * Opens the store and the event bus: MongoDB and Kafka for the national tier, SQLite files in the data directory
 * (`store.sqlite`, `events.sqlite`, each checked as {@link openStore} checks the store) for the embedded tier.
 * @throws HealthcredError `unavailable` saying what is wrong with a file; the connection errors of the national tier.
 */
export async function openInfrastructure(config: Config, logger: Logger, options: OpenOptions = {}): Promise<Infrastructure> {
  const store = await openStore(config, logger, options);
  let bus: EventBus;
  try {
    if (config.tier === 'national') {
      const { brokers, clientId, sessionTimeoutMs, rebalanceTimeoutMs } = config.kafka!;
      bus = await connectKafkaBus({ brokers, clientId, sessionTimeoutMs, rebalanceTimeoutMs });
    } else {
      const log = openSqliteBus({ path: join(config.dataDir, 'events.sqlite') });
      bus = options.checks === false ? log : await checked(log, 'events.sqlite', logger);
    }
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
