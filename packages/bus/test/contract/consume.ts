import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BusMessage, EventBus, OutgoingMessage, Subscription } from '@healthcred/bus';

/** A topic or group name unique to one test, so adapters whose data outlives the test (Kafka) stay isolated. */
export function uniqueName(prefix: string): string {
  return `contract.${prefix}.${randomUUID().slice(0, 8)}`;
}

/** `count` fresh messages: value `m-<i>`, key `k-<i % keys>` (no key when `keys` is 0), a header `n`. */
export function mockMessages(count: number, keys: number, start = 0): OutgoingMessage[] {
  return Array.from({ length: count }, (_, j) => {
    const i = start + j;
    const message: OutgoingMessage = { value: `m-${i}`, headers: { n: String(i), source: 'contract' } };
    if (keys > 0) message.key = `k-${i % keys}`;
    return message;
  });
}

/** Polls `condition` until true, failing after `timeoutMs` with `what` in the message. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!await condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** A subscription that records what it handled. */
export interface Recorder {
  received: BusMessage[];
  errors: unknown[];
  subscription: Subscription;
}

/**
 * Subscribes a consumer that records each message it handles; `handle` may add behaviour (throw, wait) before
 * the message counts as received.
 */
export async function record(bus: EventBus, options: {
  groupId: string; topics: string[]; fromBeginning?: boolean; handle?: (message: BusMessage) => Promise<void>;
}): Promise<Recorder> {
  const received: BusMessage[] = [];
  const errors: unknown[] = [];
  const subscription = await bus.subscribe({
    groupId: options.groupId,
    topics: options.topics,
    fromBeginning: options.fromBeginning ?? true,
    handle: async (message) => {
      await options.handle?.(message);
      received.push(message);
    },
    onError: (error) => errors.push(error),
  });
  return { received, errors, subscription };
}

/** Values of `messages` for one key, in delivery order. */
export function valuesOfKey(messages: BusMessage[], key: string): string[] {
  return messages.filter((message) => message.key === key).map((message) => message.value);
}

/** A batch subscription that records the batches it handled; `handleBatch` may throw before a batch counts. */
export async function recordBatches(bus: EventBus, options: {
  groupId: string; topics: string[]; handleBatch?: (messages: BusMessage[]) => Promise<void>; concurrency?: number;
}): Promise<{ batches: BusMessage[][]; errors: unknown[]; subscription: Subscription }> {
  const batches: BusMessage[][] = [];
  const errors: unknown[] = [];
  const subscription = await bus.subscribe({
    groupId: options.groupId, topics: options.topics, fromBeginning: true,
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    handleBatch: async (messages) => {
      await options.handleBatch?.(messages);
      batches.push(messages);
    },
    onError: (error) => errors.push(error),
  });
  return { batches, errors, subscription };
}
