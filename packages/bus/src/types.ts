/** A message as a consumer receives it. */
export interface BusMessage {
  topic: string;
  /** Partition within the topic; order is guaranteed within one partition (hence per key). */
  partition: number;
  /** Position within the partition, a decimal integer string (Kafka offsets exceed 2^53). */
  offset: string;
  key?: string;
  value: string;
  headers: Record<string, string>;
  /** ISO 8601 time at which the message was appended to the log. */
  timestamp: string;
}

/** A message to publish. Messages with the same key go to the same partition, so they stay in order. */
export interface OutgoingMessage {
  key?: string;
  value: string;
  headers?: Record<string, string>;
}

/** A running consumer. */
export interface Subscription {
  /** Lets the in-flight handler finish and commits its offset, starts no new message, then resolves. Idempotent. */
  stop(): Promise<void>;
}

/** Options of {@link EventBus.subscribe}. */
export interface SubscribeOptions {
  /** Consumer group: the group's committed offsets survive restarts, and its members share the partitions. */
  groupId: string;
  topics: string[];
  /**
   * Where a group without committed offsets starts: the oldest message when true, otherwise only messages
   * published after the subscription started. Ignored once the group has committed offsets. Default false.
   */
  fromBeginning?: boolean;
  /**
   * Handles one message. Resolve to commit its offset; throw to have it delivered again after a short pause.
   * Exactly one of `handle` and `handleBatch` is given.
   */
  handle?: (message: BusMessage) => Promise<void>;
  /**
   * Handles consecutive messages of one partition at once (at most the adapter's batch size). Resolve to commit the
   * offset after the last; throw to have the whole batch delivered again after a short pause. For handlers that
   * gain from doing their I/O once per batch (one transaction for many messages).
   */
  handleBatch?: (messages: BusMessage[]) => Promise<void>;
  /**
   * How many partitions this consumer handles at once (1 to 64; default 1), each still in order: handlers that
   * wait on other threads or I/O (signing threads, a database) overlap their batches. Order per key is kept.
   */
  concurrency?: number;
  /**
   * Told about each failed delivery (the handler threw) and about failures of the consumer's own plumbing,
   * which it retries. For logging: the consumer keeps running whatever this does. Default: ignore.
   */
  onError?: (error: unknown, message?: BusMessage) => void;
}

/**
 * The event log port: durable topics with partitions and consumer groups, at-least-once delivery. Adapters:
 * {@link openSqliteBus} (one machine) and {@link connectKafkaBus} (national); both pass the same contract suite
 * (`test/contract/bus-contract.ts`).
 *
 * Delivery: a message's offset is committed only after `handle()` resolves. If `handle()` throws, the offset is
 * not committed and the message is delivered again after a short pause; the consumer keeps running, and later
 * messages of that partition wait (a message that always fails blocks its partition: dead-letter it in the
 * handler instead of throwing). Order is preserved per partition, hence per key. Consumers in one group share
 * the partitions; no two consumers of a group handle the same partition at the same time.
 */
export interface EventBus {
  /**
   * Appends messages, creating the topic when missing. Durable when it resolves.
   * @throws TypeError when the topic name or a message is malformed (named in the message).
   * @throws HealthcredError `internal` (retryable when transient) when the log cannot be written.
   */
  publish(topic: string, messages: OutgoingMessage[]): Promise<void>;
  /**
   * Starts a consumer, creating the topics when missing. Resolves once it is running.
   * @throws TypeError when the group id or a topic name is malformed or `topics` is empty.
   */
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /** Resolves when the log answers; throws a retryable `internal` HealthcredError otherwise (readiness). */
  ping(): Promise<void>;
  /**
   * Where consumer group `groupId` stands in each partition it has consumed from: its committed offset, the end of
   * the partition and the lag between them (what `/metrics` shows). A group that never committed has no entries.
   * @throws TypeError when the group id is malformed; HealthcredError (retryable) when the log cannot be read.
   */
  readOffsets(groupId: string): Promise<GroupOffset[]>;
  /** Stops every subscription of this bus (as {@link Subscription.stop}), then disconnects. Idempotent. */
  close(): Promise<void>;
}

/** One partition of a consumer group's position (see {@link EventBus.readOffsets}). */
export interface GroupOffset {
  topic: string;
  partition: number;
  /** Next offset the group will consume. */
  committed: string;
  /** Offset the next published message will get. */
  end: string;
  /** Messages published but not yet committed by the group. */
  lag: number;
}
