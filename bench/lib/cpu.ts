import { readFileSync } from 'node:fs';

/**
 * CPU time (user + system, µs) that the kernel counts for a process (`/proc/<pid>/stat`: all its threads) or for
 * one thread of this process (`/proc/self/task/<tid>/stat`; the main thread's id is the process id). CPU time
 * does not depend on what else the machine runs, as wall-clock rates do. Undefined where there is no /proc.
 */
export function cpuMicros(of: { pid: number } | { thread: number }): number | undefined {
  const path = 'pid' in of ? `/proc/${of.pid}/stat` : `/proc/self/task/${of.thread}/stat`;
  let stat: string;
  try {
    stat = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the command name (which may hold spaces): utime and stime are the 14th and 15th, in clock ticks.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * (1_000_000 / CLOCK_TICKS_PER_SECOND);
}

/** USER_HZ: 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

/** Measures `work` and the CPU time it took (`cpuMicros(of)` before and after), for a figure per operation. */
export async function withCpu<T>(of: { pid: number } | { thread: number }, work: () => Promise<T>): Promise<{ result: T; cpuMicros?: number }> {
  const before = cpuMicros(of);
  const result = await work();
  const after = cpuMicros(of);
  return before === undefined || after === undefined ? { result } : { result, cpuMicros: after - before };
}
