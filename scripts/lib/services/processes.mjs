// Process plumbing for scripts/services.mjs: free loopback ports, commands whose failure names what failed, server
// processes with their output in a log file, and stopping them by process id.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, openSync, closeSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A failure to install or start one server: `server` names it, the message says why. */
export class ServiceError extends Error {
  constructor(server, message, logFile) {
    super(message);
    this.server = server;
    this.logFile = logFile;
  }
}

/** A port on 127.0.0.1 that nothing listens on right now (the kernel picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** True when `command` is on PATH. */
export function hasCommand(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Runs an install step to completion with its output in `logFile`; throws a ServiceError for `server` that quotes
 * the end of that output when it fails.
 */
export async function runStep(server, what, command, args, { cwd, env, logFile }) {
  const out = openSync(logFile, 'a');
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', out, out] });
  closeSync(out);
  const code = await new Promise((resolve) => {
    child.on('error', () => resolve(-1));
    child.on('exit', (status) => resolve(status));
  });
  if (code !== 0) throw new ServiceError(server, `${what} failed (${command} exited with ${code})`, logFile);
}

/**
 * Starts a server in its own process group (a Ctrl-C in the terminal reaches the tests, not the servers, which
 * are stopped by id afterwards), stdout and stderr to `logFile`. `exited` resolves with the exit code if it stops.
 */
export function startServer(command, args, { cwd, env, logFile }) {
  const out = openSync(logFile, 'a');
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', out, out], detached: true });
  closeSync(out);
  const exited = new Promise((resolve) => {
    child.on('error', () => resolve(-1));
    child.on('exit', (code, signal) => resolve(code ?? signal));
  });
  return { pid: child.pid, exited, unref: () => child.unref() };
}

/**
 * Polls `probe` (resolves when the server answers) until `timeoutMs`; fails early when the server exits.
 * @returns the milliseconds it took.
 */
export async function waitUntilReady(server, { probe, exited, timeoutMs, logFile }) {
  const started = Date.now();
  let gone;
  exited.then((code) => {
    gone = code;
  });
  let lastError;
  while (Date.now() - started < timeoutMs) {
    if (gone !== undefined) throw new ServiceError(server, `the server exited (${gone}) before it answered`, logFile);
    try {
      await probe();
      return Date.now() - started;
    } catch (error) {
      lastError = error;
    }
    await sleep(250);
  }
  throw new ServiceError(server, `no answer within ${timeoutMs / 1000} s (last: ${lastError?.message ?? 'none'})`, logFile);
}

/** True while `pid` runs and its command line contains `marker` (our temp dir), so a reused pid is never hit. */
export function isOurs(pid, marker) {
  const cmdline = `/proc/${pid}/cmdline`;
  if (!existsSync(cmdline)) {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
  try {
    return readFileSync(cmdline, 'utf8').includes(marker);
  } catch {
    return false;
  }
}

/** Stops the process `pid` (SIGTERM, then SIGKILL after `graceMs`) if it still is ours; resolves once it is gone. */
export async function stopProcess(pid, marker, graceMs = 8_000) {
  if (!isOurs(pid, marker)) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isOurs(pid, marker) && !isZombie(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      break;
    }
    await sleep(100);
  }
}

function isZombie(pid) {
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/** The last `lines` lines of `file`, or '' when it does not exist. */
export function tail(file, lines = 30) {
  if (file === undefined || !existsSync(file)) return '';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}
