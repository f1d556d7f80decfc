import type { RetentionConfig } from '@healthcred/config';
import type { PrivacyStore, PurgeCounts } from '@healthcred/store';
import type { Logger } from './logger.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Deletes the dead letters and attempt windows older than the retention periods, once; logs what went. */
export async function purgeExpired(deps: { store: Pick<PrivacyStore, 'purgeExpired'>; retention: RetentionConfig; logger: Logger; now?: () => Date }): Promise<PurgeCounts> {
  const now = (deps.now?.() ?? new Date()).getTime();
  const counts = await deps.store.purgeExpired({
    deadLettersSeenBefore: new Date(now - deps.retention.deadLetterDays * DAY_MS),
    attemptsExpiredBefore: new Date(now - deps.retention.attemptDays * DAY_MS),
  });
  deps.logger.info({ ...counts, deadLetterDays: deps.retention.deadLetterDays, attemptDays: deps.retention.attemptDays },
    'retention: purged expired dead letters and attempt windows');
  return counts;
}

/**
 * Purges now and every `retention.sweepMinutes` (see {@link purgeExpired}); a failed purge is logged and tried
 * again at the next sweep. The timer does not keep the process alive. Returns the function that stops it.
 */
export function startRetentionSweep(deps: Parameters<typeof purgeExpired>[0]): () => void {
  const sweep = () => purgeExpired(deps).catch((error: unknown) => {
    deps.logger.warn({ err: error }, 'retention: the purge failed; it runs again at the next sweep');
  });
  void sweep();
  const timer = setInterval(sweep, deps.retention.sweepMinutes * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
