import { Worker } from 'node:worker_threads';
import type { WorkerPoolLimits } from '@healthcred/config';
import { errorFromThread, type ThreadError } from '@healthcred/errors';
import { serverBusy } from './busy.js';
import type { TaskName, Tasks } from './cpu-tasks.js';

/** Runs one kind of task on worker threads, so the main thread stays free to answer (e.g. `/health`). */
export interface WorkerPool<N extends TaskName> {
  /**
   * Runs the task on a free thread, or queues it. Rejects with a 503 `serverBusy` error when the queue is full or
   * a thread died, with `overBudget()` when the job ran past the budget (its thread is then stopped and replaced),
   * and with the task's own HealthcredError otherwise.
   */
  run(input: Tasks[N]['input']): Promise<Tasks[N]['output']>;
  /** Stops the threads; running and waiting jobs are refused. Idempotent. */
  close(): Promise<void>;
}

interface Job {
  input: unknown;
  resolve(output: Uint8Array): void;
  reject(error: Error): void;
  startedAt?: number;
  timer?: NodeJS.Timeout;
}

interface Slot {
  worker?: Worker;
  /** The thread loaded its task: a job's budget starts then, so a thread's start-up is not counted against it. */
  ready: boolean;
  job?: Job;
}

type Reply = { ready: true } | { output: Uint8Array } | { error: ThreadError };

const WORKER_URL = new URL('./cpu-worker.js', import.meta.url);

/**
 * Starts a pool of `limits.threads` threads for `task` (each started on first use and replaced when stopped; idle
 * threads keep no process alive), with a queue of `limits.queue` and `limits.budgetMs` per job. `what` names the
 * work in busy messages, e.g. `reading QR images`.
 */
export function createWorkerPool<N extends TaskName>(options: {
  task: N; limits: WorkerPoolLimits; what: string; overBudget: () => Error;
}): WorkerPool<N> {
  const { task, limits, what } = options;
  const slots: Slot[] = Array.from({ length: limits.threads }, () => ({ ready: false }));
  const waiting: Job[] = [];
  let meanMs = limits.budgetMs / 4;
  let closed = false;

  /** Seconds until a thread is likely free: the queue ahead, at the mean job time. */
  const retryAfter = () => Math.min(60, Math.max(1, Math.ceil((meanMs * (waiting.length + limits.threads)) / limits.threads / 1000)));
  const busy = (reason: string) => serverBusy(`The server is busy ${what}${reason}; try again in ${retryAfter()} seconds.`, retryAfter());

  const startBudget = (slot: Slot) => {
    const job = slot.job;
    if (!job || !slot.ready || job.timer) return;
    job.startedAt = performance.now();
    job.timer = setTimeout(() => {
      // The job ran away (e.g. a decoder stuck in a crafted image): stop its thread; the next job gets a fresh one.
      const worker = slot.worker;
      release(slot);
      void worker?.terminate();
      job.reject(options.overBudget());
      pump();
    }, limits.budgetMs);
  };

  /** Frees the slot of its job; forgets its thread unless `keepWorker` (then the thread is idle). */
  const release = (slot: Slot, keepWorker = false) => {
    clearTimeout(slot.job?.timer);
    slot.job = undefined;
    if (keepWorker) slot.worker?.unref();
    else {
      slot.worker = undefined;
      slot.ready = false;
    }
  };

  const spawn = (slot: Slot): Worker => {
    const worker = new Worker(WORKER_URL, { workerData: { task } });
    // A stopped thread's late reply or exit concerns no job any more: the slot has a new thread or none.
    worker.on('message', (reply: Reply) => {
      if (slot.worker !== worker) return;
      if ('ready' in reply) {
        slot.ready = true;
        startBudget(slot);
        return;
      }
      const job = slot.job;
      if (!job) return;
      meanMs = 0.8 * meanMs + 0.2 * (performance.now() - (job.startedAt ?? performance.now()));
      release(slot, true);
      if ('output' in reply) job.resolve(reply.output);
      else job.reject(errorFromThread(reply.error));
      pump();
    });
    const died = () => {
      if (slot.worker !== worker) return;
      const job = slot.job;
      release(slot);
      job?.reject(busy(' (a worker thread stopped)'));
      pump();
    };
    worker.on('error', died);
    worker.on('exit', died);
    return worker;
  };

  const dispatch = (slot: Slot, job: Job) => {
    if (!slot.worker) slot.worker = spawn(slot);
    slot.job = job;
    slot.worker.ref();
    slot.worker.postMessage(job.input);
    startBudget(slot);
  };

  const pump = () => {
    for (const slot of slots) {
      if (closed || waiting.length === 0) return;
      if (!slot.job) dispatch(slot, waiting.shift()!);
    }
  };

  return {
    run(input) {
      return new Promise<Uint8Array>((resolve, reject) => {
        if (closed) throw busy(' (it is stopping)');
        const job: Job = { input, resolve, reject };
        const free = slots.find((slot) => !slot.job);
        if (free) dispatch(free, job);
        else if (waiting.length < limits.queue) waiting.push(job);
        else throw busy('');
      });
    },
    async close() {
      closed = true;
      const refused = busy(' (it is stopping)');
      for (const job of waiting.splice(0)) job.reject(refused);
      await Promise.all(slots.map(async (slot) => {
        const { worker, job } = slot;
        release(slot);
        job?.reject(refused);
        await worker?.terminate();
      }));
    },
  };
}
