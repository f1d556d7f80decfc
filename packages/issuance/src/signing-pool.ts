import { Worker } from 'node:worker_threads';
import { HealthcredError, type ErrorCode } from '@healthcred/errors';
import type { IssuerKeySet } from '@healthcred/issuer-identity';
import type { HealthCredential, Signed } from '@healthcred/types';

/** Signs credentials on worker threads, so issuance uses every core. */
export interface SigningPool {
  /**
   * Signs `credentials` (in order) with proofs created at `now`; spread over the threads. The same credentials as
   * `issueCredential` returns, except that they may share nested objects with `credentials`.
   */
  sign(credentials: HealthCredential[], now: Date): Promise<Signed<HealthCredential>[]>;
  /** Signs with `keys` from now on (after a key rotation): batches sent after this call use the new active key. */
  reload(keys: IssuerKeySet): void;
  /** Stops the threads. Idempotent. */
  close(): Promise<void>;
}

/** One signed credential from a thread: its proof alone when the document came through unchanged. */
type Result = { proof: Signed<HealthCredential>['proof'] } | { signed: Signed<HealthCredential> };
type Reply = { id: number; results: Result[] } | { id: number; error: { code: ErrorCode; message: string; field?: string } };

/**
 * Starts `threads` signing threads, each importing the active key of `keys` once (the key set reaches them in memory
 * only). A batch is cut into one slice per thread; the proofs are the same as `issueCredential` makes on the main
 * thread (it runs in each thread).
 * @throws RangeError when `threads` is not an integer from 1 to 64.
 */
export function createSigningPool(options: { keys: IssuerKeySet; url: string; threads: number }): SigningPool {
  if (!Number.isSafeInteger(options.threads) || options.threads < 1 || options.threads > 64) {
    throw new RangeError('A signing pool has 1 to 64 threads.');
  }
  const workers = Array.from({ length: options.threads }, () =>
    new Worker(new URL('./signing-worker.js', import.meta.url), { workerData: { keys: options.keys, url: options.url } }));
  const pending = new Map<number, { resolve: (results: Result[]) => void; reject: (error: Error) => void }>();
  let next = 0;
  for (const worker of workers) {
    worker.on('message', (reply: Reply) => {
      const waiting = pending.get(reply.id);
      pending.delete(reply.id);
      if ('error' in reply) {
        const { code, message, field } = reply.error;
        waiting?.reject(new HealthcredError(code, message, field === undefined ? {} : { field }));
      } else {
        waiting?.resolve(reply.results);
      }
    });
    worker.on('error', (error) => {
      for (const waiting of pending.values()) waiting.reject(new HealthcredError('signing_failed', `A signing thread failed: ${error.message}`, { retryable: true }));
      pending.clear();
    });
  }

  const send = (worker: Worker, credentials: HealthCredential[], now: Date) =>
    new Promise<Result[]>((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, credentials, now: now.toISOString() });
    });

  return {
    async sign(credentials, now) {
      const size = Math.ceil(credentials.length / workers.length);
      const slices = workers.map((worker, i) => [worker, credentials.slice(i * size, (i + 1) * size)] as const)
        .filter(([, slice]) => slice.length > 0);
      const results = (await Promise.all(slices.map(([worker, slice]) => send(worker, slice, now)))).flat();
      return credentials.map((credential, i) => {
        const result = results[i]!;
        return 'signed' in result ? result.signed : { ...credential, proof: result.proof };
      });
    },
    reload(keys) {
      for (const worker of workers) worker.postMessage({ keys });
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
