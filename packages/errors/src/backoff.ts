/**
 * Delay before retry number `attempt` (1-based): exponential from `baseMs`, capped at `maxMs`, with up to 20 %
 * jitter from `random` so that many consumers do not retry in lockstep.
 */
export function backoffDelay(attempt: number, options: { baseMs: number; maxMs?: number; random?: () => number }): number {
  const exponential = Math.min(options.baseMs * 2 ** (attempt - 1), options.maxMs ?? 30_000);
  return Math.round(exponential * (1 + 0.2 * (options.random ?? Math.random)()));
}
