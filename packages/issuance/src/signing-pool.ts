import { Worker } from 'node:worker_threads';
import type { IssuerProfile, Vc2HealthCredential } from '@healthcred/credentials';
import { errorFromThread, HealthcredError, type ThreadError } from '@healthcred/errors';
import type { IssuerKeySet } from '@healthcred/issuer-identity';
import type { CertificationRequest } from '@healthcred/records';
import type { HealthCredential, Signed } from '@healthcred/types';

/** What a pool's threads build credentials as: the profile of the issuer in force, less its DID (the key set's). */
export type SigningProfile = Omit<IssuerProfile, 'did'>;

/** Signs credentials on worker threads, so issuance uses every core. */
export interface SigningPool {
  /**
   * Signs `credentials` (in order) with proofs created at `now`; spread over the threads. The same credentials as
   * `issueCredential` returns, except that they may share nested objects with `credentials`.
   */
  sign(credentials: HealthCredential[], now: Date): Promise<Signed<HealthCredential>[]>;
  /**
   * Drafts on the threads the credential of each request under its certificate id, checked to fit a QR code: the
   * same as `draftFittingQrCode` gives on the calling thread for the pool's profile.
   * @throws HealthcredError `invalid_input` (field `record`) for the first request whose certificate would not fit.
   */
  draft(requests: { request: CertificationRequest; certificateId: string }[], now: Date): Promise<(HealthCredential | Vc2HealthCredential)[]>;
  /** Signs with `keys` from now on (after a key rotation): batches sent after this call use the new active key. */
  reload(keys: IssuerKeySet): void;
  /** Stops the threads. Idempotent. */
  close(): Promise<void>;
}

/** One signed credential from a thread: its proof alone when the document came through unchanged. */
type Signature = { proof: Signed<HealthCredential>['proof'] } | { signed: Signed<HealthCredential> };
type Reply = { id: number; results: unknown[] } | { id: number; error: ThreadError };

/**
 * Starts `threads` signing threads, each importing the active key of `keys` once (the key set reaches them in memory
 * only) and building credentials as an issuer of `profile` (its `url` alone by default). A batch is cut into one
 * slice per thread; the proofs are the same as `issueCredential` makes on the main thread (it runs in each thread).
 * @throws RangeError when `threads` is not an integer from 1 to 64.
 */
export function createSigningPool(options: SigningProfile & { keys: IssuerKeySet; threads: number }): SigningPool {
  if (!Number.isSafeInteger(options.threads) || options.threads < 1 || options.threads > 64) {
    throw new RangeError('A signing pool has 1 to 64 threads.');
  }
  const { keys, threads, ...profile } = options;
  const workers = Array.from({ length: threads }, () =>
    new Worker(new URL('./signing-worker.js', import.meta.url), { workerData: { keys, profile } }));
  const pending = new Map<number, { resolve: (results: unknown[]) => void; reject: (error: Error) => void }>();
  let next = 0;
  for (const worker of workers) {
    worker.on('message', (reply: Reply) => {
      const waiting = pending.get(reply.id);
      pending.delete(reply.id);
      if ('error' in reply) {
        waiting?.reject(errorFromThread(reply.error));
      } else {
        waiting?.resolve(reply.results);
      }
    });
    worker.on('error', (error) => {
      for (const waiting of pending.values()) waiting.reject(new HealthcredError('signing_failed', `A signing thread failed: ${error.message}`, { retryable: true }));
      pending.clear();
    });
  }

  const send = (worker: Worker, task: 'sign' | 'draft', items: unknown[], now: Date) =>
    new Promise<unknown[]>((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, task, items, now: now.toISOString() });
    });
  /** `items` cut into one slice per thread, and the threads' results in their order. */
  const spread = async (task: 'sign' | 'draft', items: unknown[], now: Date) => {
    const size = Math.ceil(items.length / workers.length);
    const slices = workers.map((worker, i) => [worker, items.slice(i * size, (i + 1) * size)] as const)
      .filter(([, slice]) => slice.length > 0);
    return (await Promise.all(slices.map(([worker, slice]) => send(worker, task, slice, now)))).flat();
  };

  return {
    async sign(credentials, now) {
      const results = await spread('sign', credentials, now) as Signature[];
      return credentials.map((credential, i) => {
        const result = results[i]!;
        return 'signed' in result ? result.signed : { ...credential, proof: result.proof };
      });
    },
    async draft(requests, now) {
      return await spread('draft', requests, now) as (HealthCredential | Vc2HealthCredential)[];
    },
    reload(rotated) {
      for (const worker of workers) worker.postMessage({ keys: rotated });
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
