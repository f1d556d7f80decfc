import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { Pause } from './pause.js';
import type { Claim, SqliteLog } from './sqlite-log.js';
import type { BusMessage, SubscribeOptions, Subscription } from './types.js';

function lostLease(target: { group: string; topic: string; partition: number }): Error {
  return new Error(`Group ${target.group} lost its lease of ${target.topic} partition ${target.partition} to another `
    + 'member; that member delivers the uncommitted messages again.');
}

/** Timing of a {@link SqliteConsumer}. */
export interface ConsumerTiming {
  pollIntervalMs: number;
  retryDelayMs: number;
  leaseMs: number;
  batchSize: number;
  maxHandlerMs: number;
}

/**
 * One group member polling the SQLite log. Each round leases one partition, fetches a batch and handles it
 * message by message, committing each offset (and renewing the lease) right after its handler resolves, or as a
 * whole with `handleBatch`, committing once after it. A
 * failed handler ends the round without a commit; the partition is released and the same message comes back
 * after `retryDelayMs`. Failures of the log itself (e.g. the file is locked for longer than the busy timeout)
 * are reported to `onError` and retried after the same delay.
 */
export class SqliteConsumer implements Subscription {
  readonly #log: SqliteLog;
  readonly #options: SubscribeOptions;
  readonly #timing: ConsumerTiming;
  readonly #member = randomUUID();
  readonly #pause = new Pause();
  #stopping = false;
  #idle = false;
  #running: Promise<void> | undefined;

  constructor(log: SqliteLog, options: SubscribeOptions, timing: ConsumerTiming) {
    this.#log = log;
    this.#options = options;
    this.#timing = timing;
  }

  /** Starts the poll loop in the background. */
  start(): void {
    this.#running = this.#loop();
  }

  /**
   * Told by its bus that `topic` got messages: an idle wait for a topic this consumer reads ends at once, so a
   * message published in this process is handled without waiting out the poll interval (other processes' messages
   * are still found by polling). A retry delay is not cut short.
   */
  notifyPublished(topic: string): void {
    if (this.#idle && this.#options.topics.includes(topic)) this.#pause.interrupt();
  }

  stop(): Promise<void> {
    this.#stopping = true;
    this.#pause.interrupt();
    return this.#running ?? Promise.resolve();
  }

  async #loop(): Promise<void> {
    while (!this.#stopping) {
      let delay = 0;
      let idle = false;
      try {
        const claim = this.#log.claim({
          group: this.#options.groupId, topics: this.#options.topics, member: this.#member,
          leaseMs: this.#timing.leaseMs, batch: this.#timing.batchSize,
        });
        if (claim === undefined) {
          idle = true;
          delay = this.#timing.pollIntervalMs;
        } else {
          delay = await this.#handleClaim(claim);
        }
      } catch (error) {
        this.#report(error);
        delay = this.#timing.retryDelayMs;
      }
      if (delay > 0 && !this.#stopping) {
        this.#idle = idle;
        await this.#pause.wait(delay);
        this.#idle = false;
      }
      // Handlers that never touch I/O resolve as microtasks: yield so timers, sockets and other members run.
      await yieldToEventLoop();
    }
  }

  /** Handles a claimed batch; returns how long to wait before the next round (0, or the retry delay). */
  async #handleClaim(claim: Claim): Promise<number> {
    const target = { group: this.#options.groupId, member: this.#member, topic: claim.topic, partition: claim.partition };
    // A slow batch (retries, a message at a time) must not lose its partition to another member mid-way: that member
    // would handle the same messages at the same time, out of order. The lease is renewed while the handler runs,
    // up to maxHandlerMs (as Kafka's max.poll.interval.ms): a handler stuck longer than that lets the lease lapse.
    const { leaseMs, maxHandlerMs } = this.#timing;
    let handlerStartedAt = Date.now();
    const renewal = setInterval(() => {
      try {
        if (Date.now() - handlerStartedAt > maxHandlerMs) {
          clearInterval(renewal);
          this.#report(new Error(`A handler of group ${target.group} has run for over ${maxHandlerMs} ms on ${target.topic} `
            + `partition ${target.partition}; its lease is no longer renewed, so another member may take the partition over.`));
        } else if (!this.#log.renew({ ...target, leaseMs })) {
          clearInterval(renewal);
          this.#report(lostLease(target));
        }
      } catch (error) {
        this.#report(error);
      }
    }, leaseMs / 3);
    try {
      const { handleBatch } = this.#options;
      if (handleBatch !== undefined) {
        try {
          await handleBatch(claim.messages);
        } catch (error) {
          this.#report(error, claim.messages[0]);
          return this.#timing.retryDelayMs;
        }
        const next = Number(claim.messages.at(-1)!.offset) + 1;
        if (!this.#log.commit({ ...target, next, leaseMs })) this.#report(lostLease(target));
        return 0;
      }
      for (const message of claim.messages) {
        if (this.#stopping) break;
        try {
          await this.#options.handle!(message);
        } catch (error) {
          this.#report(error, message);
          return this.#timing.retryDelayMs;
        }
        const next = Number(message.offset) + 1;
        if (!this.#log.commit({ ...target, next, leaseMs })) {
          this.#report(lostLease(target));
          break;
        }
        handlerStartedAt = Date.now();
      }
      return 0;
    } finally {
      clearInterval(renewal);
      this.#log.release(target);
    }
  }

  #report(error: unknown, message?: BusMessage): void {
    try {
      this.#options.onError?.(error, message);
    } catch {
      // A throwing logger must not stop the consumer: onError is advisory by contract.
    }
  }
}
