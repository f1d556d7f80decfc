import { describeStorageFailure, HealthcredError } from '@healthcred/errors';
import { SqliteHealth } from '@healthcred/sqlite';
import { assertMessages, assertSubscription, assertTopic } from './checks.js';
import { guard } from './bus-error.js';
import { SqliteConsumer } from './sqlite-consumer.js';
import type { ConsumerTiming } from './sqlite-consumer.js';
import { SqliteLog } from './sqlite-log.js';
import type { BusMessage, EventBus, GroupOffset, OutgoingMessage, SubscribeOptions, Subscription } from './types.js';

/** Options of {@link openSqliteBus}. */
export interface SqliteBusOptions {
  /** Log file, created when missing; several processes may share it. `':memory:'` gives a private log. */
  path: string;
  /** How long an idle consumer waits before polling again. Default 50 ms. */
  pollIntervalMs?: number;
  /** Pause before a message whose handler threw is delivered again. Default 500 ms. */
  retryDelayMs?: number;
  /**
   * How long a partition stays leased to a member that stopped renewing it (a crashed process); after it, another
   * member takes the partition over. A running member renews its lease while its handler works. Default 10,000 ms.
   */
  leaseMs?: number;
  /**
   * How long one handler call may keep its partition (the lease is renewed meanwhile); a handler stuck longer loses
   * it once `leaseMs` more has passed, as with Kafka's `max.poll.interval.ms`. Default 300,000 ms.
   */
  maxHandlerMs?: number;
  /**
   * Messages fetched per poll: the most one `handleBatch` call gets. With `handle`, each is still committed right
   * after its handler resolves. Default 500: each `handleBatch` call commits its writes once, so its fsyncs, claim
   * and lease are shared by more messages (the issuer's main thread spends about a quarter less per certificate than
   * with 100).
   */
  batchSize?: number;
  /** Partitions of the topics this bus creates; existing topics keep theirs. Default 4. */
  partitions?: number;
  /** The most bytes the file may hold: a write beyond it fails as on a full disk (SQLite `max_page_count`). Default: no limit. */
  maxBytes?: number;
  /** How often `ping` writes to the probe table at most (see `SqliteHealth`). Default 5000 ms. */
  probeIntervalMs?: number;
}

/** Options of {@link SqliteEventBus.readTopic}. */
export interface ReadTopicOptions {
  /** Only this partition. Default: every partition. */
  partition?: number;
  /** First offset to return (within each partition). Default `'0'`. */
  from?: string;
  /** At most this many messages, 1..1000. Default 100. */
  limit?: number;
}

/** The SQLite {@link EventBus}, with read access for operators. */
export interface SqliteEventBus extends EventBus {
  /** Messages of a topic in (partition, offset) order, without consuming them. */
  readTopic(topic: string, options?: ReadTopicOptions): Promise<BusMessage[]>;
  /** Committed offset, end offset and lag of a consumer group, per topic partition. */
  readOffsets(groupId: string): Promise<GroupOffset[]>;
  /**
   * Erases from the log the messages holding a person (an erasure of their personal data): those whose key or value
   * holds one of `ids` (registry ids), or both texts of a `nameAndDob` pair; the file is then vacuumed and its WAL
   * truncated (waiting up to 10 s for readers in other processes). Kafka has no such operation (its topics forget by
   * `retention.ms`). Returns how many went.
   * @throws TypeError when a mark is not text of 3 characters or more (which would match nearly every message).
   */
  eraseMessages(marks: { ids: readonly string[]; nameAndDob: readonly (readonly [string, string])[] }): Promise<number>;
  /**
   * Resolves when `PRAGMA quick_check` (on a worker thread; started by the first call) finds the file sound. Once it
   * has failed, `ping` fails too. Its time grows with the file: bound the wait.
   * @throws HealthcredError `unavailable` naming the problem and what to do.
   */
  integrity(): Promise<void>;
  /**
   * Resolves when the log can serve: a probe write succeeds (at most once per `probeIntervalMs`) and the file can
   * grow, no operation met a corrupt page, and the integrity check has not failed.
   * @throws HealthcredError `unavailable` (retryable) saying what is wrong, e.g. `events.sqlite cannot be written: the
   *   disk is full.`
   */
  ping(): Promise<void>;
}

function positiveInteger(value: number | undefined, fallback: number, field: string, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new TypeError(`"${field}" must be an integer from 1 to ${max}.`);
  }
  return value;
}

class SqliteBus implements SqliteEventBus {
  readonly #log: SqliteLog;
  readonly #timing: ConsumerTiming;
  readonly #health: SqliteHealth;
  readonly #consumers = new Set<SqliteConsumer>();

  constructor(log: SqliteLog, timing: ConsumerTiming, health: SqliteHealth) {
    this.#log = log;
    this.#timing = timing;
    this.#health = health;
  }

  /** {@link guard}, noting what the engine met (a corrupt page makes `ping` fail from then on). */
  #guard<T>(action: string, work: () => T, retryableByDefault = false): Promise<T> {
    return guard(action, () => this.#health.watch(work), retryableByDefault);
  }

  publish(topic: string, messages: OutgoingMessage[]): Promise<void> {
    return this.#guard('publish to the SQLite log', () => {
      assertTopic(topic);
      assertMessages(messages);
      if (messages.length === 0) return;
      this.#log.append(topic, messages, new Date().toISOString());
      for (const consumer of this.#consumers) consumer.notifyPublished(topic);
    });
  }

  subscribe(options: SubscribeOptions): Promise<Subscription> {
    return this.#guard('subscribe to the SQLite log', () => {
      assertSubscription(options);
      this.#log.join(options.groupId, options.topics, options.fromBeginning ?? false);
      // Each unit of concurrency is a member of the group: members never hold the same partition.
      const members = Array.from({ length: options.concurrency ?? 1 }, () => new SqliteConsumer(this.#log, options, this.#timing));
      for (const member of members) {
        this.#consumers.add(member);
        member.start();
      }
      return {
        stop: async () => {
          await Promise.all(members.map((member) => member.stop()));
          for (const member of members) this.#consumers.delete(member);
        },
      };
    });
  }

  async eraseMessages(marks: { ids: readonly string[]; nameAndDob: readonly (readonly [string, string])[] }): Promise<number> {
    const erased = await this.#guard('erase from the SQLite log', () => {
      const texts = [...marks.ids, ...marks.nameAndDob.flat()];
      if (texts.some((text) => typeof text !== 'string' || text.length < 3)) throw new TypeError('Every erasure mark must be text of 3 characters or more.');
      return this.#log.eraseMessages(marks);
    });
    // Readers in other processes can hold the WAL for a moment (its older frames still hold the messages): up to 10 s.
    for (let attempt = 0; attempt < 100 && !await this.#guard('truncate the WAL', () => this.#log.truncateWal()); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return erased;
  }

  readTopic(topic: string, options: ReadTopicOptions = {}): Promise<BusMessage[]> {
    return this.#guard('read the SQLite log', () => {
      assertTopic(topic);
      const from = Number(options.from ?? '0');
      if (!Number.isSafeInteger(from) || from < 0) throw new TypeError('"from" must be an offset (a decimal integer).');
      const limit = positiveInteger(options.limit, 100, 'limit', 1000);
      const read = { topic, from, limit };
      return this.#log.read(options.partition === undefined ? read : { ...read, partition: options.partition });
    });
  }

  readOffsets(groupId: string): Promise<GroupOffset[]> {
    return this.#guard('read the SQLite log', () => {
      assertTopic(groupId, 'groupId');
      return this.#log.offsets(groupId);
    });
  }

  integrity(): Promise<void> {
    return this.#health.integrity();
  }

  ping(): Promise<void> {
    return this.#guard('reach the SQLite log', () => {
      this.#log.ping();
      this.#health.check();
    }, true);
  }

  async close(): Promise<void> {
    this.#health.stop();
    await Promise.all([...this.#consumers].map((consumer) => consumer.stop()));
    this.#consumers.clear();
    this.#log.close();
  }
}

/**
 * Opens the SQLite event log: the one-machine {@link EventBus}, a real durable log with Kafka's semantics (topics,
 * partitions by key, consumer groups with committed offsets, at-least-once). A process killed at any point loses
 * nothing: a publish is one transaction, and a group resumes from its last committed offset; a crashed member's
 * partition lease expires after `leaseMs`. Messages are kept (no retention); the file grows with the traffic.
 * The file is created with mode 0600.
 * @throws TypeError when an option is out of range.
 * @throws HealthcredError `unavailable` naming the file and the problem when the disk is full, the file or its
 *   directory is read-only, or the file is corrupt; `internal` when it cannot be opened otherwise.
 */
export function openSqliteBus(options: SqliteBusOptions): SqliteEventBus {
  const timing: ConsumerTiming = {
    pollIntervalMs: positiveInteger(options.pollIntervalMs, 50, 'pollIntervalMs'),
    retryDelayMs: positiveInteger(options.retryDelayMs, 500, 'retryDelayMs'),
    leaseMs: positiveInteger(options.leaseMs, 10_000, 'leaseMs'),
    batchSize: positiveInteger(options.batchSize, 500, 'batchSize', 10_000),
    maxHandlerMs: positiveInteger(options.maxHandlerMs, 300_000, 'maxHandlerMs'),
  };
  const partitions = positiveInteger(options.partitions, 4, 'partitions', 1000);
  let log: SqliteLog | undefined;
  try {
    log = new SqliteLog(options.path, { partitions, maxBytes: options.maxBytes });
    const health = new SqliteHealth(log.database, options.path,
      options.probeIntervalMs === undefined ? {} : { probeIntervalMs: options.probeIntervalMs });
    return new SqliteBus(log, timing, health);
  } catch (error) {
    log?.close();
    if (error instanceof RangeError) throw error;
    const storage = describeStorageFailure(error);
    throw new HealthcredError(storage ? 'unavailable' : 'internal',
      `Could not open the SQLite event log ${options.path}${storage ? `: ${storage.problem}` : ''}.`, { cause: error });
  }
}
