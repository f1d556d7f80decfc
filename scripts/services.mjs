#!/usr/bin/env node
// The national tier's servers for the tests, on loopback: Apache Kafka (KRaft, from Maven Central's jars) and
// FerretDB (MongoDB's wire protocol on SQLite, built with Go). Each is installed once into a cache outside the repo
// (~/.m2, Go's caches, ~/.cache/healthcred) and runs from a temp dir that holds its data and log.
//
//   node scripts/services.mjs start          starts both, prints KAFKA_BROKERS=… and MONGODB_URI=… lines
//   node scripts/services.mjs stop           stops what `start` started (by process id) and deletes its temp dir
//   node scripts/services.mjs run -- CMD …   starts both, runs CMD with those variables set, always stops them
//
// A server whose tools are missing (java and mvn, go) is not started: a NOTICE says so and its contract suite skips.
// A variable already set (your own KAFKA_BROKERS or MONGODB_URI) is used as it is. HEALTHCRED_SERVICES=none starts
// nothing. When the tools are there but a server fails to install or start, the failure names the server, says why,
// prints the tail of its log, and the command exits non-zero (CI fails; it never skips silently).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ferretdbMissing, startFerretdb } from './lib/services/ferretdb.mjs';
import { kafkaMissing, startKafka } from './lib/services/kafka.mjs';
import { ServiceError, isOurs, stopProcess, tail } from './lib/services/processes.mjs';

const root = new URL('..', import.meta.url).pathname;
const cacheDir = process.env.HEALTHCRED_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'healthcred');
const stateFile = join(tmpdir(), `healthcred-services-${createHash('sha256').update(root).digest('hex').slice(0, 12)}.json`);

const SERVERS = [
  { name: 'Kafka', variable: 'KAFKA_BROKERS', missing: kafkaMissing, start: startKafka },
  { name: 'FerretDB', variable: 'MONGODB_URI', missing: ferretdbMissing, start: startFerretdb },
];

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Starts every server that is wanted and can run, in parallel.
 * @returns `{dir, env, running: [{name, pid}]}`; throws after stopping what it started when one fails.
 */
async function startAll() {
  const dir = mkdtempSync(join(tmpdir(), 'healthcred-services-'));
  const running = [];
  const wanted = SERVERS.filter((server) => {
    const reason = process.env.HEALTHCRED_SERVICES === 'none' ? 'HEALTHCRED_SERVICES=none'
      : process.env[server.variable] ? undefined : server.missing();
    if (process.env[server.variable]) console.error(`services: using ${server.variable} from the environment for ${server.name}`);
    else if (reason !== undefined) console.error(`NOTICE: ${server.name} not started (${reason}); its contract suite will be skipped.`);
    return !process.env[server.variable] && reason === undefined;
  });
  const results = await Promise.allSettled(wanted.map((server) => {
    const serverDir = mkdtempSync(join(dir, `${server.name.toLowerCase()}-`));
    return server.start({ root, cacheDir, dir: serverDir, track: (child) => running.push({ name: server.name, pid: child.pid, unref: child.unref }) });
  }));
  const failures = results.filter((result) => result.status === 'rejected').map((result) => result.reason);
  if (failures.length > 0) {
    // The logs go with the temp dir: keep their tails for the report.
    failures.forEach((failure) => {
      if (failure instanceof ServiceError) failure.logTail = tail(failure.logFile);
    });
    await stopAll({ dir, running });
    throw failures;
  }
  const env = {};
  results.forEach(({ value }, i) => {
    Object.assign(env, value.env);
    console.error(`services: ${wanted[i].name} ${value.version} ready at ${Object.values(value.env).join(' ')} ` +
      `(install check ${seconds(value.installMs)}, start ${seconds(value.readyMs)})`);
  });
  return { dir, env, running };
}

async function stopAll({ dir, running }) {
  await Promise.all(running.map(({ pid }) => stopProcess(pid, dir)));
  rmSync(dir, { recursive: true, force: true });
}

function report(failures) {
  for (const failure of failures) {
    if (!(failure instanceof ServiceError)) {
      console.error(`services: ${failure instanceof Error ? failure.message : failure}`);
      continue;
    }
    console.error(`services: ${failure.server} failed to start: ${failure.message}`);
    const lines = failure.logTail ?? tail(failure.logFile);
    if (lines) console.error(`--- last lines of ${failure.server}'s log ---\n${lines}\n---`);
  }
}

async function start() {
  if (existsSync(stateFile)) {
    const previous = JSON.parse(readFileSync(stateFile, 'utf8'));
    if (previous.running.some(({ pid }) => isOurs(pid, previous.dir))) {
      throw new Error(`services are already running (${stateFile}); run \`node scripts/services.mjs stop\` first`);
    }
  }
  const { dir, env, running } = await startAll();
  running.forEach(({ unref }) => unref());
  writeFileSync(stateFile, JSON.stringify({ dir, running: running.map(({ name, pid }) => ({ name, pid })) }));
  for (const [name, value] of Object.entries(env)) console.log(`${name}=${value}`);
}

async function stop() {
  if (!existsSync(stateFile)) {
    console.error('services: nothing to stop');
    return;
  }
  const state = JSON.parse(readFileSync(stateFile, 'utf8'));
  await stopAll(state);
  unlinkSync(stateFile);
  console.error(`services: stopped ${state.running.map(({ name, pid }) => `${name} (pid ${pid})`).join(', ') || 'nothing'}`);
}

/** Starts the servers, runs `command` with their variables, stops them however it ends; exits with its code. */
async function run([command, ...args]) {
  if (command === undefined) throw new Error('usage: node scripts/services.mjs run -- COMMAND [ARGS…]');
  // Until the command runs, a signal only marks the run as interrupted (the install steps get the terminal's
  // Ctrl-C themselves); then it is passed on. Either way the servers are stopped before this exits.
  let child;
  let interrupted;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      interrupted = signal;
      child?.kill(signal);
    });
  }
  const services = await startAll();
  if (interrupted !== undefined) {
    await stopAll(services);
    throw new Error(`interrupted by ${interrupted}`);
  }
  child = spawn(command, args, { stdio: 'inherit', env: { ...process.env, ...services.env } });
  const code = await new Promise((resolve) => {
    child.on('error', (error) => {
      console.error(`services: could not run ${command}: ${error.message}`);
      resolve(127);
    });
    child.on('exit', (status, signal) => resolve(status ?? 128 + ({ SIGINT: 2, SIGTERM: 15, SIGHUP: 1 }[signal] ?? 9)));
  });
  await stopAll(services);
  process.exitCode = code;
}

const [verb, ...rest] = process.argv.slice(2);
const commands = { start: () => start(), stop: () => stop(), run: () => run(rest[0] === '--' ? rest.slice(1) : rest) };
if (!(verb in commands)) {
  console.error('usage: node scripts/services.mjs start | stop | run -- COMMAND [ARGS…]');
  process.exit(2);
}
try {
  await commands[verb]();
} catch (error) {
  report(Array.isArray(error) ? error : [error]);
  process.exitCode = 1;
}
