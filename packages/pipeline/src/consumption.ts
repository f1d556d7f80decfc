import { describeStorageFailure } from '@healthcred/errors';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Logger } from 'pino';

/** While a topic stays stopped, its error is logged again at most this often. */
const REMINDER_MS = 60_000;

interface TopicState {
  consuming: boolean;
  failures: number;
  since: number;
  remindedAt: number;
}

function reasonOf(error: unknown): string {
  const storage = describeStorageFailure(error);
  if (storage !== undefined) return storage.problem;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Whether the issuer's consumers make progress, per topic: an error log line when one stops (a batch or the log
 * itself failed: the disk is full, the store is read-only) and again every minute while it stays stopped, an info line
 * when it consumes again, and the metrics `healthcred_issuer_consuming{topic}` (1 or 0),
 * `healthcred_issuer_last_progress_timestamp_seconds{topic}` and `healthcred_issuer_consume_failures_total{topic}`.
 */
export class ConsumptionHealth {
  readonly #logger: Logger;
  readonly #topics = new Map<string, TopicState>();
  readonly #consuming: Gauge<'topic'>;
  readonly #lastProgress: Gauge<'topic'>;
  readonly #failures: Counter<'topic'>;

  constructor(options: { logger: Logger; registry: Registry; topics: string[] }) {
    this.#logger = options.logger;
    const registers = [options.registry];
    this.#consuming = new Gauge({
      name: 'healthcred_issuer_consuming', help: 'Whether the issuer consumes the topic (0 after a failed batch until one succeeds).',
      labelNames: ['topic'] as const, registers,
    });
    this.#lastProgress = new Gauge({
      name: 'healthcred_issuer_last_progress_timestamp_seconds', help: 'When the issuer last finished a batch of the topic (Unix time).',
      labelNames: ['topic'] as const, registers,
    });
    this.#failures = new Counter({
      name: 'healthcred_issuer_consume_failures_total', help: 'Failed batches and log failures per topic.',
      labelNames: ['topic'] as const, registers,
    });
    for (const topic of options.topics) {
      this.#topics.set(topic, { consuming: true, failures: 0, since: 0, remindedAt: 0 });
      this.#consuming.set({ topic }, 1);
      this.#lastProgress.set({ topic }, 0);
      this.#failures.inc({ topic }, 0);
    }
  }

  /** A batch of `topic` was handled (its offset is committed next). */
  progressed(topic: string): void {
    const state = this.#state(topic);
    this.#lastProgress.set({ topic }, Date.now() / 1000);
    if (state.consuming) return;
    this.#logger.info({ topic, failures: state.failures }, `issuer consuming ${topic} again`);
    Object.assign(state, { consuming: true, failures: 0 });
    this.#consuming.set({ topic }, 1);
  }

  /** The consumer of `topic` reported a failure (its `onError`): the batch comes again after a pause. */
  failed(topic: string, error: unknown): void {
    const state = this.#state(topic);
    const now = Date.now();
    this.#failures.inc({ topic });
    state.failures += 1;
    const reason = reasonOf(error);
    if (state.consuming) {
      Object.assign(state, { consuming: false, since: now, remindedAt: now });
      this.#consuming.set({ topic }, 0);
      this.#logger.error({ topic, reason }, `issuer stopped consuming ${topic} (retrying): ${reason}`);
    } else if (now - state.remindedAt >= REMINDER_MS) {
      state.remindedAt = now;
      this.#logger.error({ topic, reason, failures: state.failures, since: new Date(state.since).toISOString() },
        `issuer still not consuming ${topic}: ${reason}`);
    }
  }

  #state(topic: string): TopicState {
    const state = this.#topics.get(topic);
    if (state === undefined) throw new RangeError(`${topic} is not a topic of this issuer.`);
    return state;
  }
}
