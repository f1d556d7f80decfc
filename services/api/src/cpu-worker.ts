// A thread of a worker pool (worker-pool.ts): loads one task, says it is ready, then runs one job at a time.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { threadErrorOf } from '@healthcred/errors';
import { TASKS, type TaskName } from './cpu-tasks.js';

// Below the main thread, which answers every request (Linux: a thread's nice value is its own, found by its id in
// /proc/thread-self). Elsewhere threads keep the process's priority.
try {
  setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), 10);
} catch {
  // No /proc (not Linux): nothing to lower.
}

const run = await TASKS[workerData.task as TaskName]() as (input: unknown) => Promise<Uint8Array>;
parentPort!.on('message', async (input: unknown) => {
  try {
    const output = await run(input);
    const own = output.byteOffset === 0 && output.byteLength === output.buffer.byteLength;
    parentPort!.postMessage({ output }, own ? [output.buffer as ArrayBuffer] : []);
  } catch (error) {
    parentPort!.postMessage({ error: threadErrorOf(error) });
  }
});
parentPort!.postMessage({ ready: true });
