// The Kafka bus's consumer side: one kafkajs consumer per subscription, in its group, committing what it handled.
import type { Consumer, EachBatchPayload, EachMessagePayload, Kafka } from 'kafkajs';
import type { KafkaBusOptions } from './kafka-bus.js';
import { isRejoinNeeded, retryLater, toBusMessage, whileHeartbeating } from './kafka-messages.js';
import type { BusMessage, SubscribeOptions, Subscription } from './types.js';

/** What a consumer takes from the bus's options. */
export type ConsumerSettings = Pick<KafkaBusOptions, 'retryDelayMs' | 'batchSize' | 'sessionTimeoutMs' | 'rebalanceTimeoutMs'>;

/** kafkajs' heartbeat interval (3 s), shortened to a third of a short session timeout as Kafka advises. */
function groupTimeouts(options: ConsumerSettings): { sessionTimeout?: number; rebalanceTimeout?: number; heartbeatInterval?: number } {
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

/**
 * Commits `message`'s offset + 1. A failure (the group has moved on: this member was rebalanced out) is reported,
 * not thrown: thrown from a handler, kafkajs wraps it as non-retriable and stops the consumer for good. The
 * message comes again to the partition's new owner; kafkajs' next heartbeat rejoins the group.
 * @returns whether the commit succeeded.
 */
async function commit(consumer: Consumer, options: SubscribeOptions, message: BusMessage): Promise<boolean> {
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
async function deliver(consumer: Consumer, settings: ConsumerSettings, options: SubscribeOptions, payload: EachMessagePayload,
  timers: Set<NodeJS.Timeout>): Promise<void> {
  const { topic, partition, message } = payload;
  const busMessage = toBusMessage(topic, partition, message);
  try {
    await whileHeartbeating(payload.heartbeat, () => options.handle!(busMessage));
  } catch (error) {
    options.onError?.(error, busMessage);
    retryLater(consumer, { topic, partition, offset: message.offset }, payload.pause, timers, settings.retryDelayMs ?? 500);
    return;
  }
  await commit(consumer, options, busMessage);
}

/**
 * Hands a fetched batch to `handleBatch` in chunks of at most `batchSize`, committing after each chunk. When the
 * handler throws, seeks back to the chunk's first message and pauses the partition as {@link deliver} does.
 * Once a heartbeat has said that the group is rebalancing, no chunk starts (of this batch or of the others kafkajs
 * has queued from the same fetch): the error goes back to kafkajs, which rejoins as soon as the chunks in hand are
 * done. Otherwise each queued batch would still run a chunk first, and a slow store made the rebalance wait for
 * all of them, past its timeout (the group then dropped the member and redelivered its batches).
 */
async function deliverBatch(consumer: Consumer, settings: ConsumerSettings, options: SubscribeOptions,
  handleBatch: (messages: BusMessage[]) => Promise<void>, payload: EachBatchPayload, delivery: Delivery): Promise<void> {
  const { topic, partition } = payload.batch;
  const size = settings.batchSize ?? 100;
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
      retryLater(consumer, { topic, partition, offset: chunk[0]!.offset }, payload.pause, timers, settings.retryDelayMs ?? 500);
      return;
    }
    payload.resolveOffset(chunk.at(-1)!.offset);
    if (!await commit(consumer, options, chunk.at(-1)!)) return;
    await payload.heartbeat().catch((error: unknown) => {
      noteRejoin(error);
      throw error;
    });
  }
}

/**
 * Starts a consumer in `options.groupId` on topics that exist, with auto-commit off: each offset is committed once
 * its handler resolved. Resolves after the consumer's first fetch (see below); its `stop` lets the handlers in hand
 * finish and commit, then leaves the group.
 */
export async function startKafkaConsumer(kafka: Kafka, settings: ConsumerSettings, options: SubscribeOptions): Promise<Subscription> {
  const consumer = kafka.consumer({
    groupId: options.groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: FETCH_MAX_WAIT_MS, ...groupTimeouts(settings),
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
          if (!delivery.stopping) await track(deliver(consumer, settings, options, payload, delivery.timers));
        },
      }
      : {
        autoCommit: false, partitionsConsumedConcurrently, eachBatchAutoResolve: false,
        eachBatch: async (payload) => {
          if (!delivery.stopping) await track(deliverBatch(consumer, settings, options, handleBatch, payload, delivery));
        },
      });
    await running;
  } catch (error) {
    await consumer.disconnect();
    throw error;
  }
  return {
    // kafkajs drops a commit made once its disconnect has begun, so the in-flight handlers finish (and commit)
    // first; deliveries that come meanwhile are skipped, uncommitted, for the group's next member.
    stop: async () => {
      delivery.stopping = true;
      delivery.timers.forEach((timer) => clearTimeout(timer));
      await Promise.allSettled([...delivery.inFlight]);
      await consumer.disconnect();
    },
  };
}
