import { Worker } from 'node:worker_threads';
import type { Dhis2Mapping, FacilityLookup } from '@healthcred/dhis2';
import { errorFromThread, HealthcredError, type ThreadError } from '@healthcred/errors';
import type { MappedPayload } from './dhis2-payloads.js';
import { PayloadBatches, type Outcome } from './payload-batches.js';

/**
 * Reads and maps DHIS2 payloads in two steps, so that the facilities of their org units can be looked up in the
 * store in between (see `PayloadBatches`): on the calling thread, or on a thread of its own.
 */
export interface Dhis2Mapper {
  /** The org units each payload names, or why it cannot be read; `batch` names the payloads kept for `map`. */
  read(values: string[], limit: number): Promise<{ batch: number; outcomes: Outcome<string[]>[] }>;
  /**
   * The payloads `read` kept for `batch`, mapped with `facilities`, in order.
   * @throws HealthcredError `internal` (retryable) when the mapping thread failed or restarted since `read`.
   */
  map(batch: number, facilities: FacilityLookup): Promise<Outcome<MappedPayload>[]>;
  /** Forgets the payloads kept for `batch` (when it is not mapped). */
  drop(batch: number): void;
  /** Stops the thread, if any. Idempotent. */
  close(): Promise<void>;
}

/** A mapper on the calling thread. */
export function mapOnThisThread(mapping: Dhis2Mapping): Dhis2Mapper {
  const batches = new PayloadBatches(mapping);
  let next = 0;
  return {
    read(values, limit) {
      const batch = next++;
      return Promise.resolve({ batch, outcomes: batches.read(batch, values, limit) });
    },
    map: (batch, facilities) => Promise.resolve(batches.map(batch, facilities)),
    drop: (batch) => batches.drop(batch),
    close: () => Promise.resolve(),
  };
}

/** A thread's answer: outcomes with their errors as `ThreadError`, or the failure of the whole task. */
export type MapperReply = { id: number; outcomes: ({ value: unknown } | { error: ThreadError })[] } | { id: number; error: ThreadError };

/**
 * A mapper on a thread of its own, which holds `mapping` (the issuer's main thread then only looks up facilities
 * and publishes). A thread that fails is replaced; the batches it held are to be read again.
 */
export function startMappingThread(mapping: Dhis2Mapping): Dhis2Mapper {
  const pending = new Map<number, { resolve: (outcomes: Outcome<unknown>[]) => void; reject: (error: Error) => void }>();
  let next = 0;
  let closed = false;
  const fail = (reason: string) => {
    for (const waiting of pending.values()) waiting.reject(new HealthcredError('internal', `The DHIS2 mapping thread failed: ${reason}`, { retryable: true }));
    pending.clear();
  };
  let worker: Worker;
  const spawn = (): Worker => {
    const thread = new Worker(new URL('./dhis2-mapper-worker.js', import.meta.url), { workerData: { mapping } });
    thread.on('message', (reply: MapperReply) => {
      const waiting = pending.get(reply.id);
      pending.delete(reply.id);
      if ('error' in reply) waiting?.reject(errorFromThread(reply.error));
      else waiting?.resolve(reply.outcomes.map((o) => ('error' in o ? { error: errorFromThread(o.error) } : o)));
    });
    thread.on('error', (error) => fail(error.message));
    thread.on('exit', (code) => {
      fail(`it exited with code ${code}`);
      if (!closed) worker = spawn();
    });
    return thread;
  };
  worker = spawn();
  const send = (task: object) => new Promise<Outcome<unknown>[]>((resolve, reject) => {
    const id = next++;
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, ...task });
  });
  return {
    async read(values, limit) {
      const batch = next++;
      return { batch, outcomes: await send({ task: 'read', batch, values, limit }) as Outcome<string[]>[] };
    },
    map: async (batch, facilities) => await send({ task: 'map', batch, facilities }) as Outcome<MappedPayload>[],
    drop: (batch) => worker.postMessage({ task: 'drop', batch }),
    async close() {
      closed = true;
      await worker.terminate();
    },
  };
}
