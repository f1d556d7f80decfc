import type { Subscription } from '@healthcred/bus';
import { handleCertifyBatch, handleDhis2Batch, type IssuerDeps } from './handlers.js';

/** The running issuer: its two consumers. */
export interface IssuerService {
  /** Finishes the in-flight messages, commits them, and stops consuming. */
  stop(): Promise<void>;
}

/** Consumer groups of the issuer. Replicas of the issuer join the same groups and share the partitions. */
export const ISSUER_GROUPS = { dhis2: 'healthcred-issuer-dhis2', certify: 'healthcred-issuer-certify' } as const;

/**
 * Starts consuming DHIS2 payloads and certification requests.
 * @param options.concurrency - Partitions each group handles at once (default 1): while one batch is being signed
 *   on the signing threads, another is stored.
 */
export async function startIssuerService(deps: IssuerDeps, options: { concurrency?: number } = {}): Promise<IssuerService> {
  const concurrency = options.concurrency ?? 1;
  const subscriptions: Subscription[] = [
    await deps.bus.subscribe({
      groupId: ISSUER_GROUPS.dhis2, topics: [deps.topics.dhis2], fromBeginning: true, concurrency,
      handleBatch: (messages) => handleDhis2Batch(deps, messages),
    }),
    await deps.bus.subscribe({
      groupId: ISSUER_GROUPS.certify, topics: [deps.topics.certify], fromBeginning: true, concurrency,
      handleBatch: (messages) => handleCertifyBatch(deps, messages),
    }),
  ];
  deps.logger.info({ topics: [deps.topics.dhis2, deps.topics.certify] }, 'issuer consuming');
  return {
    async stop() {
      await Promise.all(subscriptions.map((subscription) => subscription.stop()));
    },
  };
}
