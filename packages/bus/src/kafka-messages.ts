// kafkajs message plumbing for the Kafka bus: messages to the port's shape, and the producer's partitioner.
import { Partitioners } from 'kafkajs';
import type { ICustomPartitioner, IHeaders, KafkaMessage } from 'kafkajs';
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

/**
 * kafkajs' Java-compatible partitioner (murmur2 of the key), except that a keyless message goes where the hash of
 * its value says rather than round-robin. kafkajs partitions a batch again when it retries it (e.g. after "not the
 * leader" from a partition whose leader is moving or, right after creation, not ready) and resends the sequence
 * numbers of the partitions that had succeeded: with round-robin those batches differ, the broker refuses them as
 * "out of order sequence number", and the idempotent producer stays broken for those partitions.
 */
export const stablePartitioner: ICustomPartitioner = () => {
  const partition = Partitioners.DefaultPartitioner();
  return (args) => partition(args.message.key === null || args.message.key === undefined
    ? { ...args, message: { ...args.message, key: args.message.value } } : args);
};
