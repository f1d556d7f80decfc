import { Kafka, logLevel } from 'kafkajs';
import type { Admin, Consumer, EachBatchPayload, EachMessagePayload, Producer } from 'kafkajs';
import { assertMessages, assertSubscription, assertTopic } from './checks.js';
import { guard } from './bus-error.js';
import { stablePartitioner, toBusMessage } from './kafka-messages.js';
import type { BusMessage, EventBus, OutgoingMessage, SubscribeOptions, Subscription } from './types.js';

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
}

/**
 * How long a fetch waits on the broker for data (the Java consumer's `fetch.max.wait.ms` default). kafkajs also
 * sleeps this long when every partition it fetches is paused, so it bounds how late a retry comes after its pause
 * (kafkajs' own default, 5 s, made every retry take 5 s), and how long `subscribe()` waits for its first fetch.
 */
const FETCH_MAX_WAIT_MS = 500;

/** A running consumer's own state: once `stopping`, no new delivery starts; `inFlight` are those still running. */
interface Delivery {
  stopping: boolean;
  inFlight: Set<Promise<void>>;
  timers: Set<NodeJS.Timeout>;
}

class KafkaBus implements EventBus {
  readonly #kafka: Kafka;
  readonly #admin: Admin;
  readonly #producer: Producer;
  readonly #options: KafkaBusOptions;
  readonly #topics = new Set<string>();
  readonly #subscriptions = new Set<Subscription>();
  #closed = false;

  constructor(kafka: Kafka, admin: Admin, producer: Producer, options: KafkaBusOptions) {
    this.#kafka = kafka;
    this.#admin = admin;
    this.#producer = producer;
    this.#options = options;
  }

  /** Creates the topics this bus has not seen yet and the cluster lacks, and waits for their leaders. */
  async #ensureTopics(topics: string[]): Promise<void> {
    const unseen = topics.filter((topic) => !this.#topics.has(topic));
    if (unseen.length === 0) return;
    const existing = new Set(await this.#admin.listTopics());
    const missing = unseen.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      await this.#admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic, numPartitions: this.#options.partitions ?? 4 })),
      });
    }
    unseen.forEach((topic) => this.#topics.add(topic));
  }

  publish(topic: string, messages: OutgoingMessage[]): Promise<void> {
    return guard('publish to Kafka', async () => {
      assertTopic(topic);
      assertMessages(messages);
      this.#assertOpen();
      if (messages.length === 0) return;
      await this.#ensureTopics([topic]);
      await this.#producer.send({
        topic,
        acks: -1,
        messages: messages.map((message) => ({ key: message.key ?? null, value: message.value, headers: message.headers ?? {} })),
      });
    });
  }

  subscribe(options: SubscribeOptions): Promise<Subscription> {
    return guard('subscribe to Kafka', async () => {
      assertSubscription(options);
      this.#assertOpen();
      await this.#ensureTopics(options.topics);
      const consumer = this.#kafka.consumer({
        groupId: options.groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: FETCH_MAX_WAIT_MS,
      });
      await consumer.connect();
      await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning ?? false });
      const delivery: Delivery = { stopping: false, inFlight: new Set(), timers: new Set() };
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

  /** Seeks back to `position` and pauses its partition for `retryDelayMs`, so the message comes again. */
  #retryLater(consumer: Consumer, position: { topic: string; partition: number; offset: string },
    pause: () => () => void, timers: Set<NodeJS.Timeout>): void {
    consumer.seek(position);
    const resume = pause();
    const timer = setTimeout(() => {
      timers.delete(timer);
      resume();
    }, this.#options.retryDelayMs ?? 500);
    timers.add(timer);
  }

  /**
   * Handles one message; commits offset+1 once the handler resolves. When it throws, seeks back to the message and
   * pauses its partition for `retryDelayMs` instead of rethrowing, so kafkajs neither logs a crash nor restarts.
   */
  async #deliver(consumer: Consumer, options: SubscribeOptions, payload: EachMessagePayload,
    timers: Set<NodeJS.Timeout>): Promise<void> {
    const { topic, partition, message } = payload;
    const busMessage = toBusMessage(topic, partition, message);
    try {
      await options.handle!(busMessage);
    } catch (error) {
      options.onError?.(error, busMessage);
      this.#retryLater(consumer, { topic, partition, offset: message.offset }, payload.pause, timers);
      return;
    }
    await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
  }

  /**
   * Hands a fetched batch to `handleBatch` in chunks of at most `batchSize`, committing after each chunk. When the
   * handler throws, seeks back to the chunk's first message and pauses the partition as {@link #deliver} does.
   */
  async #deliverBatch(consumer: Consumer, options: SubscribeOptions, handleBatch: (messages: BusMessage[]) => Promise<void>,
    payload: EachBatchPayload, delivery: Delivery): Promise<void> {
    const { topic, partition } = payload.batch;
    const size = this.#options.batchSize ?? 100;
    const { timers } = delivery;
    const messages = payload.batch.messages.map((message) => toBusMessage(topic, partition, message));
    for (let start = 0; start < messages.length && payload.isRunning() && !payload.isStale() && !delivery.stopping; start += size) {
      const chunk = messages.slice(start, start + size);
      try {
        await handleBatch(chunk);
      } catch (error) {
        options.onError?.(error, chunk[0]);
        this.#retryLater(consumer, { topic, partition, offset: chunk[0]!.offset }, payload.pause, timers);
        return;
      }
      const last = chunk.at(-1)!.offset;
      payload.resolveOffset(last);
      await consumer.commitOffsets([{ topic, partition, offset: (BigInt(last) + 1n).toString() }]);
      await payload.heartbeat();
    }
  }

  ping(): Promise<void> {
    return guard('reach Kafka', async () => {
      this.#assertOpen();
      await this.#admin.describeCluster();
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
 * (all in-sync replicas), consumers with auto-commit off that commit each offset after `handle()` resolves, and
 * topics created with `partitions` partitions when missing. `subscribe()` resolves once the consumer has joined
 * its group.
 * @throws HealthcredError `internal` (retryable) when the brokers cannot be reached.
 */
export async function connectKafkaBus(options: KafkaBusOptions): Promise<EventBus> {
  const kafka = new Kafka({ clientId: options.clientId, brokers: options.brokers, logLevel: logLevel.WARN });
  const admin = kafka.admin();
  const producer = kafka.producer({
    idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: stablePartitioner,
  });
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
