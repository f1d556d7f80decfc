import type { Subscription } from '@healthcred/bus';
import { handleCertifyBatch, handleDhis2Batch, type IssuerDeps } from './handlers.js';
import { IssuerProgress } from './progress.js';

/** The running issuer: its two consumers. */
export interface IssuerService {
  /** Finishes the in-flight messages, commits them, and stops consuming. */
  stop(): Promise<void>;
}

/** Consumer groups of the issuer. Replicas of the issuer join the same groups and share the partitions. */
export const ISSUER_GROUPS = { dhis2: 'healthcred-issuer-dhis2', certify: 'healthcred-issuer-certify' } as const;

/**
 * Starts consuming DHIS2 payloads and certification requests, logging an `issuer progress` line (counts, rate,
 * totals) every `progressIntervalMs` in which something happened.
 * @param options.concurrency - Partitions each group handles at once (default 1): while one batch is being signed
 *   on the signing threads, another is stored.
 * @param options.progressIntervalMs - Default 10,000.
 */
export async function startIssuerService(deps: IssuerDeps,
  options: { concurrency?: number; progressIntervalMs?: number } = {}): Promise<IssuerService> {
  const concurrency = options.concurrency ?? 1;
  const progress = new IssuerProgress(deps.logger, options.progressIntervalMs ?? 10_000);
  const counted: IssuerDeps = { ...deps, outcomes: progress };
  progress.start();
  const subscriptions: Subscription[] = [
    await deps.bus.subscribe({
      groupId: ISSUER_GROUPS.dhis2, topics: [deps.topics.dhis2], fromBeginning: true, concurrency,
      handleBatch: (messages) => handleDhis2Batch(counted, messages),
    }),
    await deps.bus.subscribe({
      groupId: ISSUER_GROUPS.certify, topics: [deps.topics.certify], fromBeginning: true, concurrency,
      handleBatch: (messages) => handleCertifyBatch(counted, messages),
    }),
  ];
  deps.logger.info({ topics: [deps.topics.dhis2, deps.topics.certify] }, 'issuer consuming');
  return {
    async stop() {
      await Promise.all(subscriptions.map((subscription) => subscription.stop()));
      progress.stop();
    },
  };
}
