import type { Logger } from 'pino';

/** What happened to a message, as the progress line counts it. */
export type IssuerOutcome = 'issued' | 'superseded' | 'duplicate' | 'stale' | 'skipped' | 'deadLettered';

type Counts = Record<IssuerOutcome, number>;

const none = (): Counts => ({ issued: 0, superseded: 0, duplicate: 0, stale: 0, skipped: 0, deadLettered: 0 });

/** Where the issuer's handlers count their outcomes. */
export interface OutcomeCounter {
  add(outcome: IssuerOutcome, count: number): void;
}

/**
 * Counts the issuer's outcomes and logs an `issuer progress` line per interval in which something happened: the
 * interval's counts, certificates issued per second, and the totals since start. An operator following a backfill
 * sees its pace in one line every few seconds instead of one per batch.
 */
export class IssuerProgress implements OutcomeCounter {
  readonly #logger: Logger;
  readonly #intervalMs: number;
  #interval = none();
  #total = none();
  #since = performance.now();
  #timer: NodeJS.Timeout | undefined;

  constructor(logger: Logger, intervalMs: number) {
    this.#logger = logger;
    this.#intervalMs = intervalMs;
  }

  add(outcome: IssuerOutcome, count: number): void {
    this.#interval[outcome] += count;
    this.#total[outcome] += count;
  }

  /** Logs every interval from now on; the timer does not keep the process alive. */
  start(): void {
    this.#since = performance.now();
    this.#timer = setInterval(() => this.report(), this.#intervalMs).unref();
  }

  /** Logs the counts since the last line, if any. */
  report(): void {
    const now = performance.now();
    const seconds = (now - this.#since) / 1000;
    this.#since = now;
    if (Object.values(this.#interval).every((count) => count === 0)) return;
    const newCertificates = this.#interval.issued + this.#interval.superseded;
    this.#logger.info({
      ...this.#interval, issuedPerSecond: Math.round(newCertificates / Math.max(seconds, 0.001)), total: { ...this.#total },
    }, 'issuer progress');
    this.#interval = none();
  }

  /** Stops the timer and logs what the last interval counted. */
  stop(): void {
    clearInterval(this.#timer);
    this.report();
  }
}
