import { availableParallelism } from 'node:os';
import type { EnvReader } from './env-reader.js';

/** Most API processes behind one port: far more than any host's cores would only multiply memory and threads. */
const MAX_PROCESSES = 64;

/**
 * API_PROCESSES [1]: how many API processes answer on PORT (node:cluster: one primary hands the connections out in
 * turn); `auto` runs one per core (`os.availableParallelism()`).
 */
export function readApiProcesses(read: EnvReader): number {
  const text = read.string('API_PROCESSES');
  if (text?.toLowerCase() === 'auto') return Math.min(MAX_PROCESSES, availableParallelism());
  return read.integer('API_PROCESSES', 1, 1, MAX_PROCESSES);
}
