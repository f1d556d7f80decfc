import type { BusMessage, Subscription } from '@healthcred/bus';
import { ISSUER_GROUPS } from '@healthcred/config';
import type { IssuerHolder } from '@healthcred/credentials';
import { Registry } from 'prom-client';
import { ConsumptionHealth } from './consumption.js';
import { handleDhis2Batch } from './dhis2-handlers.js';
import { handleCertifyBatch, type IssuerDeps } from './handlers.js';
import { IssuerProgress } from './progress.js';

/** The running issuer: its two consumers. */
export interface IssuerService {
  /**
   * The issuer's metrics: whether each topic is being consumed (`healthcred_issuer_consuming{topic}`), when it last
   * progressed and how often it failed (see `ConsumptionHealth`).
   */
  metrics: Registry;
  /** Finishes the in-flight messages, commits them, and stops consuming. */
  stop(): Promise<void>;
}

/** Consumer groups of the issuer (defined in config, so the API can report their lag). */
export { ISSUER_GROUPS };

/** What the running issuer needs: its handlers' deps, with the issuer in force held (a key change replaces it). */
export type IssuerServiceDeps = Omit<IssuerDeps, 'issuer'> & { issuer: IssuerHolder };

/**
 * Starts consuming DHIS2 payloads and certification requests, logging an `issuer progress` line (counts, rate,
 * totals) every `progressIntervalMs` in which something happened, and an error line when a topic stops being
 * consumed (and why), which the `metrics` show too.
 * @param options.concurrency - Partitions each group handles at once (default 1): while one batch is being signed
 *   on the signing threads, another is stored.
 * @param options.progressIntervalMs - Default 10,000.
 */
export async function startIssuerService(deps: IssuerServiceDeps,
  options: { concurrency?: number; progressIntervalMs?: number } = {}): Promise<IssuerService> {
  const concurrency = options.concurrency ?? 1;
  const progress = new IssuerProgress(deps.logger, options.progressIntervalMs ?? 10_000);
  const counted = { ...deps, outcomes: progress };
  const metrics = new Registry();
  const { dhis2, certify } = deps.topics;
  const consumption = new ConsumptionHealth({ logger: deps.logger, registry: metrics, topics: [dhis2, certify] });
  const consume = (topic: string, handle: (deps: IssuerDeps, messages: BusMessage[]) => Promise<void>) => ({
    topics: [topic], fromBeginning: true, concurrency,
    handleBatch: async (messages: BusMessage[]) => {
      // A batch is signed by the issuer in force when it starts: a key change applies from the next batch on.
      await handle({ ...counted, issuer: deps.issuer.current() }, messages);
      consumption.progressed(topic);
    },
    onError: (error: unknown) => consumption.failed(topic, error),
  });
  progress.start();
  const subscriptions: Subscription[] = [
    await deps.bus.subscribe({ groupId: ISSUER_GROUPS.dhis2, ...consume(dhis2, handleDhis2Batch) }),
    await deps.bus.subscribe({ groupId: ISSUER_GROUPS.certify, ...consume(certify, handleCertifyBatch) }),
  ];
  deps.logger.info({ topics: [dhis2, certify] }, 'issuer consuming');
  return {
    metrics,
    async stop() {
      await Promise.all(subscriptions.map((subscription) => subscription.stop()));
      progress.stop();
    },
  };
}
