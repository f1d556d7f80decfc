import { Kafka, logLevel } from 'kafkajs';
import type { Admin } from 'kafkajs';
import { assertMessages, assertSubscription, assertTopic } from './checks.js';
import { guard } from './bus-error.js';
import { startKafkaConsumer } from './kafka-consumer.js';
import { SerialProducer } from './kafka-producer.js';
import type { EventBus, GroupOffset, OutgoingMessage, SubscribeOptions, Subscription } from './types.js';

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
      const consumer = await startKafkaConsumer(this.#kafka, this.#options, options);
      const subscription: Subscription = {
        stop: async () => {
          await consumer.stop();
          this.#subscriptions.delete(subscription);
        },
      };
      this.#subscriptions.add(subscription);
      return subscription;
    });
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
