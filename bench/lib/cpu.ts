import { readdirSync, readFileSync } from 'node:fs';

/** USER_HZ: 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS_PER_SECOND = 100;

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

/** CPU time (µs) of a process and of its children now running (e.g. a node:cluster primary and its processes). */
export function treeCpuMicros(pid: number): number | undefined {
  const own = cpuMicros({ pid });
  if (own === undefined) return undefined;
  let total = own;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) total += cpuMicros({ pid: Number(name) }) ?? 0;
    } catch {
      // The process ended meanwhile.
    }
  }
  return total;
}
