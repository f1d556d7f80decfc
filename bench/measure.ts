/** How long each measurement runs, and its untimed warm-up. */
export interface MeasureOptions {
  seconds: number;
  warmupSeconds?: number;
}

/**
 * Operations per second of `operation`, run back to back (one at a time, so on one core) for about
 * `options.seconds` after a warm-up that lets the JIT settle.
 */
export async function opsPerSecond(operation: () => unknown, options: MeasureOptions): Promise<number> {
  const run = async (seconds: number) => {
    const start = performance.now();
    const end = start + seconds * 1000;
    let count = 0;
    let now = start;
    while (now < end) {
      await operation();
      count++;
      now = performance.now();
    }
    return count / ((now - start) / 1000);
  };
  await run(options.warmupSeconds ?? Math.min(0.5, options.seconds / 4));
  return run(options.seconds);
}

/**
 * One measurement of a benchmark: one figure named `name` (e.g. `issue_per_s`), or several named figures from one
 * run (e.g. a load test's requests per second and 99th percentile latency).
 */
export interface Measurement {
  name: string;
  /** What is measured, for the progress line. */
  label: string;
  run(options: MeasureOptions): Promise<number | Record<string, number>>;
}

/** A group of measurements sharing a setup (keys, credentials), e.g. credentials, pipeline, HTTP, QR. */
export interface BenchmarkModule {
  name: string;
  setup(): Promise<Measurement[]>;
}
