/**
 * Waits until `condition` holds, asking again every 25 ms; throws `timed out waiting for <what>` after `timeoutMs`.
 * For tests of processes and consumers that get there in their own time.
 */
export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
