import type { IssuerHolder } from '@healthcred/credentials';
import { isHealthcredError } from '@healthcred/errors';
import { reissueKeyCertificates, type KeyReissueProgress } from '@healthcred/issuance';
import type { Logger } from '@healthcred/runtime';
import type { CredentialStore } from '@healthcred/store';

/** A re-issue job of this process, as the admin API shows it. */
export interface KeyJobView extends KeyReissueProgress {
  status: 'running' | 'done' | 'failed';
  startedAt: string;
  startedBy: string;
  /** Why a failed job stopped (run it again to resume). */
  error?: { code: string; message: string };
}

/** The re-issue jobs of key revocations running in (or finished by) this process, one per key. */
export interface KeyJobs {
  /**
   * Starts the re-issue of what `keyId` signed in the background (or returns the running one) and resolves once its
   * counts are known. A job that fails is logged and shows `failed`; starting it again resumes it.
   */
  start(options: { keyId: string; reason: string; actor: string }): Promise<KeyJobView>;
  /** The job of `keyId`, if this process ran one. */
  get(keyId: string): KeyJobView | undefined;
}

/** Re-issue jobs over the store, signing with the issuer in force (replaced after a revocation). */
export function createKeyJobs(deps: { store: CredentialStore; issuer: IssuerHolder; logger?: Logger; settleMs?: number; now?: () => Date }): KeyJobs {
  const jobs = new Map<string, KeyJobView>();
  const now = deps.now ?? (() => new Date());
  return {
    start(options) {
      const running = jobs.get(options.keyId);
      if (running?.status === 'running') return Promise.resolve({ ...running });
      const job: KeyJobView = {
        keyId: options.keyId, total: 0, reissued: 0, skipped: 0, failed: 0, suspended: 0, seconds: 0, perSecond: 0,
        done: false, status: 'running', startedAt: now().toISOString(), startedBy: options.actor,
      };
      jobs.set(options.keyId, job);
      return new Promise((resolve, reject) => {
        let counted = false;
        const update = (progress: KeyReissueProgress) => {
          Object.assign(job, progress);
          if (!counted) resolve({ ...job });
          counted = true;
        };
        reissueKeyCertificates({
          ...options, onProgress: update, progressEveryMs: 1000, ...(deps.settleMs === undefined ? {} : { settleMs: deps.settleMs }),
        }, { store: deps.store, issuer: deps.issuer, ...(deps.now ? { now: deps.now } : {}) }).then((result) => {
          update(result);
          job.status = 'done';
          deps.logger?.info({ keyId: job.keyId, reissued: job.reissued, perSecond: job.perSecond }, 'key re-issue job done');
        }, (error: unknown) => {
          job.status = 'failed';
          job.error = isHealthcredError(error) ? { code: error.code, message: error.message } : { code: 'internal', message: 'The job stopped.' };
          deps.logger?.error({ keyId: job.keyId, err: (error as Error).message }, 'key re-issue job stopped');
          if (counted) return;
          // It failed before counting (e.g. the key is not revoked): the caller gets the error, and no job is kept.
          jobs.delete(options.keyId);
          reject(error);
        });
      });
    },
    get(keyId) {
      const job = jobs.get(keyId);
      return job === undefined ? undefined : { ...job };
    },
  };
}
