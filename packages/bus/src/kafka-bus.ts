import { Kafka, logLevel } from 'kafkajs';
import type { Admin, Consumer, EachBatchPayload, EachMessagePayload } from 'kafkajs';
import { assertMessages, assertSubscription, assertTopic } from './checks.js';
import { guard } from './bus-error.js';
import { isRejoinNeeded, retryLater, toBusMessage, whileHeartbeating } from './kafka-messages.js';
import { SerialProducer } from './kafka-producer.js';
import type { BusMessage, EventBus, GroupOffset, OutgoingMessage, SubscribeOptions, Subscription } from './types.js';

/** Options of {@link connectKafkaBus}. */
export interface KafkaBusOptions {
  /** Bootstrap brokers, e.g. `['localhost:9092']`. */
  brokers: string[];
  clientId: string;
  /** Partitions of the topics this bus creates; existing topics keep theirs. Default 4. */
  partitions?: number;
  /** Pause before a message whose handler threw is delivered again. Default 500 ms. */
  retryDelayMs?: number;
  /** The most messages one `handleBatch` call gets. Default 100. */
  batchSize?: number;
  /**
   * How long the group waits for a member's heartbeat before it gives the member's partitions to others. The bus
   * heartbeats while a handler runs, so this bounds how long a crashed or stuck process holds its partitions (the
   * failover time after a SIGKILL). Default 30 s; brokers accept 6 s to 30 min by default.
   */
  sessionTimeoutMs?: number;
  /**
   * How long a rebalance waits for every member to rejoin; a member rejoins once its handler call in hand returns,
   * so this must exceed the slowest `handleBatch` call, or that member is dropped and its batch redelivered.
   * Default 60 s.
   */
  rebalanceTimeoutMs?: number;
}

/** kafkajs' heartbeat interval (3 s), shortened to a third of a short session timeout as Kafka advises. */
function groupTimeouts(options: KafkaBusOptions): { sessionTimeout?: number; rebalanceTimeout?: number; heartbeatInterval?: number } {
  const { sessionTimeoutMs, rebalanceTimeoutMs } = options;
  return {
    ...(sessionTimeoutMs === undefined ? {} : { sessionTimeout: sessionTimeoutMs, heartbeatInterval: Math.min(3_000, Math.floor(sessionTimeoutMs / 3)) }),
    ...(rebalanceTimeoutMs === undefined ? {} : { rebalanceTimeout: rebalanceTimeoutMs }),
  };
}

/**
 * How long a fetch waits on the broker for data (the Java consumer's `fetch.max.wait.ms` default). kafkajs also
 * sleeps this long when every partition it fetches is paused, so it bounds how late a retry comes after its pause
 * (kafkajs' own default, 5 s, made every retry take 5 s), and how long `subscribe()` waits for its first fetch.
 */
const FETCH_MAX_WAIT_MS = 500;

/**
 * A running consumer's own state: once `stopping`, no new delivery starts; `inFlight` are those still running;
 * `rejoin` is a heartbeat's answer that the member must rejoin the group, kept until it has joined again.
 */
interface Delivery {
  stopping: boolean;
  inFlight: Set<Promise<void>>;
  timers: Set<NodeJS.Timeout>;
  rejoin?: unknown;
}

class KafkaBus implements EventBus {
  readonly #kafka: Kafka;
  readonly #admin: Admin;
  readonly #producer: SerialProducer;
  readonly #options: KafkaBusOptions;
  /** Topics known to exist, or being created: the creation each waits for. */
  readonly #topics = new Map<string, Promise<void>>();
  readonly #subscriptions = new Set<Subscription>();
  #closed = false;

  constructor(kafka: Kafka, admin: Admin, producer: SerialProducer, options: KafkaBusOptions) {
    this.#kafka = kafka;
    this.#admin = admin;
    this.#producer = producer;
    this.#options = options;
  }

  /**
   * Creates the topics this bus has not seen yet and the cluster lacks, and waits for their leaders. Concurrent
   * calls for one topic (a subscribe and a publish at start) share one creation: two would race, and the loser's
   * TOPIC_ALREADY_EXISTS is logged by kafkajs as an error.
   */
  async #ensureTopics(topics: string[]): Promise<void> {
    const unseen = topics.filter((topic) => !this.#topics.has(topic));
    if (unseen.length > 0) {
      const creating = this.#createMissing(unseen);
      unseen.forEach((topic) => this.#topics.set(topic, creating));
      creating.catch(() => unseen.forEach((topic) => this.#topics.delete(topic)));
    }
    await Promise.all(topics.map((topic) => this.#topics.get(topic)));
  }

  async #createMissing(topics: string[]): Promise<void> {
    const existing = new Set(await this.#admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      await this.#admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: this.#options.partitions ?? 4 })),
      });
    }
  }

  publish(topic: string, messages: OutgoingMessage[]): Promise<void> {
    return guard('publish to Kafka', async () => {
      assertTopic(topic);
      assertMessages(messages);
      this.#assertOpen();
      if (messages.length === 0) return;
      await this.#ensureTopics([topic]);
      await this.#producer.send(topic, messages);
    });
  }

  subscribe(options: SubscribeOptions): Promise<Subscription> {
    return guard('subscribe to Kafka', async () => {
      assertSubscription(options);
      this.#assertOpen();
      await this.#ensureTopics(options.topics);
      const consumer = this.#kafka.consumer({
        groupId: options.groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: FETCH_MAX_WAIT_MS, ...groupTimeouts(this.#options),
      });
      await consumer.connect();
      await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning ?? false });
      const delivery: Delivery = { stopping: false, inFlight: new Set(), timers: new Set() };
      consumer.on(consumer.events.GROUP_JOIN, () => {
        delete delivery.rejoin;
      });
      // kafkajs announces the join before it reads the group's starting offsets (at the first fetch, which follows
      // the join): a message published in between would be skipped by a new group starting at the end, so this
      // waits for that first fetch.
      const running = new Promise<void>((resolve, reject) => {
        const stopListening = consumer.on(consumer.events.FETCH, () => {
          stopListening();
          resolve();
        });
        consumer.on(consumer.events.CRASH, (event) => reject(event.payload.error));
      });
      const track = (work: Promise<void>): Promise<void> => {
        delivery.inFlight.add(work);
        return work.finally(() => delivery.inFlight.delete(work));
      };
      try {
        const { handleBatch } = options;
        const partitionsConsumedConcurrently = options.concurrency ?? 1;
        await consumer.run(handleBatch === undefined
          ? {
            autoCommit: false, partitionsConsumedConcurrently,
            eachMessage: async (payload) => {
              if (!delivery.stopping) await track(this.#deliver(consumer, options, payload, delivery.timers));
            },
          }
          : {
            autoCommit: false, partitionsConsumedConcurrently, eachBatchAutoResolve: false,
            eachBatch: async (payload) => {
              if (!delivery.stopping) await track(this.#deliverBatch(consumer, options, handleBatch, payload, delivery));
            },
          });
        await running;
      } catch (error) {
        await consumer.disconnect();
        throw error;
      }
      const subscription: Subscription = {
        // kafkajs drops a commit made once its disconnect has begun, so the in-flight handlers finish (and commit)
        // first; deliveries that come meanwhile are skipped, uncommitted, for the group's next member.
        stop: async () => {
          delivery.stopping = true;
          delivery.timers.forEach((timer) => clearTimeout(timer));
          await Promise.allSettled([...delivery.inFlight]);
          await consumer.disconnect();
          this.#subscriptions.delete(subscription);
        },
      };
      this.#subscriptions.add(subscription);
      return subscription;
    });
  }

  /**
   * Commits `message`'s offset + 1. A failure (the group has moved on: this member was rebalanced out) is reported,
   * not thrown: thrown from a handler, kafkajs wraps it as non-retriable and stops the consumer for good. The
   * message comes again to the partition's new owner; kafkajs' next heartbeat rejoins the group.
   * @returns whether the commit succeeded.
   */
  async #commit(consumer: Consumer, options: SubscribeOptions, message: BusMessage): Promise<boolean> {
    const { topic, partition, offset } = message;
    try {
      await consumer.commitOffsets([{ topic, partition, offset: (BigInt(offset) + 1n).toString() }]);
      return true;
    } catch (error) {
      options.onError?.(error, message);
      return false;
    }
  }

  /**
   * Handles one message, heartbeating meanwhile; commits offset+1 once the handler resolves. When it throws, seeks
   * back to the message and pauses its partition for `retryDelayMs` instead of rethrowing, so kafkajs neither logs
   * a crash nor restarts.
   */
  async #deliver(consumer: Consumer, options: SubscribeOptions, payload: EachMessagePayload,
    timers: Set<NodeJS.Timeout>): Promise<void> {
    const { topic, partition, message } = payload;
    const busMessage = toBusMessage(topic, partition, message);
    try {
      await whileHeartbeating(payload.heartbeat, () => options.handle!(busMessage));
    } catch (error) {
      options.onError?.(error, busMessage);
      retryLater(consumer, { topic, partition, offset: message.offset }, payload.pause, timers, this.#options.retryDelayMs ?? 500);
      return;
    }
    await this.#commit(consumer, options, busMessage);
  }

  /**
   * Hands a fetched batch to `handleBatch` in chunks of at most `batchSize`, committing after each chunk. When the
   * handler throws, seeks back to the chunk's first message and pauses the partition as {@link #deliver} does.
   * Once a heartbeat has said that the group is rebalancing, no chunk starts (of this batch or of the others kafkajs
   * has queued from the same fetch): the error goes back to kafkajs, which rejoins as soon as the chunks in hand are
   * done. Otherwise each queued batch would still run a chunk first, and a slow store made the rebalance wait for
   * all of them, past its timeout (the group then dropped the member and redelivered its batches).
   */
  async #deliverBatch(consumer: Consumer, options: SubscribeOptions, handleBatch: (messages: BusMessage[]) => Promise<void>,
    payload: EachBatchPayload, delivery: Delivery): Promise<void> {
    const { topic, partition } = payload.batch;
    const size = this.#options.batchSize ?? 100;
    const { timers } = delivery;
    const messages = payload.batch.messages.map((message) => toBusMessage(topic, partition, message));
    const noteRejoin = (error: unknown) => {
      if (isRejoinNeeded(error)) delivery.rejoin ??= error;
    };
    for (let start = 0; start < messages.length && payload.isRunning() && !payload.isStale() && !delivery.stopping; start += size) {
      if (delivery.rejoin !== undefined) throw delivery.rejoin;
      const chunk = messages.slice(start, start + size);
      try {
        await whileHeartbeating(payload.heartbeat, () => handleBatch(chunk), noteRejoin);
      } catch (error) {
        options.onError?.(error, chunk[0]);
        retryLater(consumer, { topic, partition, offset: chunk[0]!.offset }, payload.pause, timers, this.#options.retryDelayMs ?? 500);
        return;
      }
      payload.resolveOffset(chunk.at(-1)!.offset);
      if (!await this.#commit(consumer, options, chunk.at(-1)!)) return;
      await payload.heartbeat().catch((error: unknown) => {
        noteRejoin(error);
        throw error;
      });
    }
  }

  ping(): Promise<void> {
    return guard('reach Kafka', async () => {
      this.#assertOpen();
      await this.#admin.describeCluster();
    }, true);
  }

  readOffsets(groupId: string): Promise<GroupOffset[]> {
    return guard('read the consumer offsets from Kafka', async () => {
      assertTopic(groupId, 'groupId');
      this.#assertOpen();
      const offsets: GroupOffset[] = [];
      for (const { topic, partitions } of await this.#admin.fetchOffsets({ groupId })) {
        const ends = new Map((await this.#admin.fetchTopicOffsets(topic)).map((entry) => [entry.partition, entry]));
        for (const { partition, offset } of partitions) {
          const end = ends.get(partition);
          if (end === undefined || offset === '-1') continue;
          offsets.push({ topic, partition, committed: offset, end: end.high, lag: Number(BigInt(end.high) - BigInt(offset)) });
        }
      }
      return offsets.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
    }, true);
  }

  /** kafkajs clients used after their disconnect fail in odd ways (a TypeError from its internals), hence a flag. */
  #assertOpen(): void {
    if (this.#closed) throw new Error('the bus is closed');
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#subscriptions].map((subscription) => subscription.stop()));
    await this.#producer.disconnect();
    await this.#admin.disconnect();
  }
}

/**
 * Connects the Kafka {@link EventBus} (national tier, kafkajs): an idempotent producer sending with `acks: -1`
 * (all in-sync replicas), one send at a time, consumers with auto-commit off that commit each offset after `handle()` resolves, and
 * topics created with `partitions` partitions when missing. `subscribe()` resolves once the consumer has joined
 * its group.
 * @throws HealthcredError `internal` (retryable) when the brokers cannot be reached.
 */
export async function connectKafkaBus(options: KafkaBusOptions): Promise<EventBus> {
  const kafka = new Kafka({ clientId: options.clientId, brokers: options.brokers, logLevel: logLevel.WARN });
  const admin = kafka.admin();
  const producer = new SerialProducer(kafka);
  return guard('connect to Kafka', async () => {
    try {
      await admin.connect();
      await producer.connect();
    } catch (error) {
      await Promise.allSettled([producer.disconnect(), admin.disconnect()]);
      throw error;
    }
    return new KafkaBus(kafka, admin, producer, options);
  }, true);
}
