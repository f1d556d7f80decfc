// The Kafka bus's producer: kafkajs' idempotent producer, made safe for the bus's use (see SerialProducer).
import { Partitioners } from 'kafkajs';
import type { ICustomPartitioner, Kafka, Producer } from 'kafkajs';
import type { OutgoingMessage } from './types.js';

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

/**
 * kafkajs' idempotent producer (`acks: -1`, one request in flight), sending one `send` at a time. kafkajs numbers
 * each partition's batches, and when a request fails for one partition it takes back the numbers of all, also of
 * the partitions the broker had appended. Another send in between then reuses those numbers: the broker drops its
 * batch as a duplicate (lost, yet reported sent) or refuses it as out of order, and so every later one. Alone, the
 * retry resends the same batches, which the broker recognises. A send that fails anyway leaves the numbers wrong,
 * so the producer reconnects (a new producer id, numbering from 0).
 */
export class SerialProducer {
  readonly #producer: Producer;
  #sends: Promise<void> = Promise.resolve();

  constructor(kafka: Kafka) {
    this.#producer = kafka.producer({
      idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: stablePartitioner,
    });
  }

  connect(): Promise<void> {
    return this.#producer.connect();
  }

  disconnect(): Promise<void> {
    return this.#producer.disconnect();
  }

  /** Appends `messages` to `topic` once the sends before it have ended; rejects as kafkajs does. */
  send(topic: string, messages: OutgoingMessage[]): Promise<void> {
    const sent = this.#sends.then(() => this.#sendNow(topic, messages));
    this.#sends = sent.catch(() => undefined);
    return sent;
  }

  async #sendNow(topic: string, messages: OutgoingMessage[]): Promise<void> {
    try {
      await this.#producer.send({
        topic,
        acks: -1,
        messages: messages.map((message) => ({ key: message.key ?? null, value: message.value, headers: message.headers ?? {} })),
      });
    } catch (error) {
      await this.#producer.disconnect().catch(() => undefined);
      await this.#producer.connect().catch(() => undefined);
      throw error;
    }
  }
}
