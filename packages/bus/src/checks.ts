import { isTopicName } from '@healthcred/validation';
import type { OutgoingMessage, SubscribeOptions } from './types.js';

/** Throws a TypeError unless `topic` is a legal topic name (Kafka's: `[a-zA-Z0-9._-]`, 1..249 characters, not `.` or `..`). */
export function assertTopic(topic: string, field = 'topic'): void {
  if (!isTopicName(topic)) {
    throw new TypeError(`"${field}" must be 1 to 249 characters from [a-zA-Z0-9._-], and not "." or "..".`);
  }
}

/** Throws a TypeError naming the first malformed message (`messages[i].value`, ...). */
export function assertMessages(messages: OutgoingMessage[]): void {
  if (!Array.isArray(messages)) {
    throw new TypeError('"messages" must be an array.');
  }
  messages.forEach((message, i) => {
    if (typeof message?.value !== 'string') {
      throw new TypeError(`"messages[${i}].value" must be a string.`);
    }
    if (message.key !== undefined && typeof message.key !== 'string') {
      throw new TypeError(`"messages[${i}].key" must be a string when present.`);
    }
    for (const [name, value] of Object.entries(message.headers ?? {})) {
      if (typeof value !== 'string') {
        throw new TypeError(`"messages[${i}].headers.${name}" must be a string.`);
      }
    }
  });
}

/** Throws a TypeError unless the subscription names a legal group, at least one legal topic and a handler. */
export function assertSubscription(options: SubscribeOptions): void {
  assertTopic(options.groupId, 'groupId');
  if (!Array.isArray(options.topics) || options.topics.length === 0) {
    throw new TypeError('"topics" must name at least one topic.');
  }
  options.topics.forEach((topic, i) => assertTopic(topic, `topics[${i}]`));
  if ((typeof options.handle === 'function') === (typeof options.handleBatch === 'function')) {
    throw new TypeError('Exactly one of "handle" and "handleBatch" must be a function.');
  }
  const { concurrency } = options;
  if (concurrency !== undefined && !(Number.isSafeInteger(concurrency) && concurrency >= 1 && concurrency <= 64)) {
    throw new TypeError('"concurrency" must be an integer from 1 to 64.');
  }
}
