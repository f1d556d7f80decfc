import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';

const ROOT = new URL('../../', import.meta.url).pathname;

/** Starts a healthcred process (`node <script> ...args`) with only `env` (plus PATH), logs off. */
export function startProcess(script: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [`${ROOT}${script}`, ...args], {
    env: { PATH: process.env.PATH, LOG_LEVEL: 'error', ...env }, stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** Stops a process with SIGTERM and waits for it. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** Polls `condition` every `everyMs` until true; fails after `timeoutMs` naming `what`. */
export async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 60_000, everyMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** A TCP port free on 127.0.0.1 now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
