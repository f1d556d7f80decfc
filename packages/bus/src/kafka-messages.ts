// kafkajs plumbing for the Kafka bus's consumers: messages to the port's shape, heartbeats, retries.
import type { Consumer, IHeaders, KafkaMessage } from 'kafkajs';
import type { BusMessage } from './types.js';

function toHeaders(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) result[name] = first.toString();
  }
  return result;
}

/** A kafkajs message as the port's {@link BusMessage} (first value of each header, as a string). */
export function toBusMessage(topic: string, partition: number, message: KafkaMessage): BusMessage {
  const busMessage: BusMessage = {
    topic, partition, offset: message.offset, value: message.value?.toString() ?? '',
    headers: toHeaders(message.headers), timestamp: new Date(Number(message.timestamp)).toISOString(),
  };
  if (message.key !== null && message.key !== undefined) busMessage.key = message.key.toString();
  return busMessage;
}

/** How often a running handler heartbeats (kafkajs sends at most one per `heartbeatInterval`, 3 s by default). */
const HEARTBEAT_EVERY_MS = 1_000;

/**
 * True for a heartbeat's answer that the member must rejoin the group: a rebalance is under way, or the group no
 * longer knows the member (kafkajs' `isRebalancing`, and UNKNOWN_MEMBER_ID, on which kafkajs also rejoins).
 */
export function isRejoinNeeded(error: unknown): boolean {
  const type = (error as { type?: unknown } | undefined)?.type;
  return type === 'REBALANCE_IN_PROGRESS' || type === 'NOT_COORDINATOR_FOR_GROUP' || type === 'ILLEGAL_GENERATION'
    || type === 'UNKNOWN_MEMBER_ID';
}

/**
 * Runs `work`, calling `heartbeat` meanwhile, so that a handler slower than the session timeout (signing a large
 * batch on a busy machine) keeps its partitions: without it the group drops the member mid-batch and its commit
 * fails. A failed heartbeat does not stop `work`; it goes to `onFailure` (the batch loop then starts no new chunk,
 * so that the member rejoins a rebalance as soon as this call returns).
 */
export async function whileHeartbeating<T>(heartbeat: () => Promise<void>, work: () => Promise<T>,
  onFailure: (error: unknown) => void = () => undefined): Promise<T> {
  const timer = setInterval(() => {
    heartbeat().catch(onFailure);
  }, HEARTBEAT_EVERY_MS);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/** Seeks back to `position` and pauses its partition for `delayMs` (timer kept in `timers`), so the message comes again. */
export function retryLater(consumer: Consumer, position: { topic: string; partition: number; offset: string },
  pause: () => () => void, timers: Set<NodeJS.Timeout>, delayMs: number): void {
  consumer.seek(position);
  const resume = pause();
  const timer = setTimeout(() => {
    timers.delete(timer);
    resume();
  }, delayMs);
  timers.add(timer);
}
