#!/usr/bin/env node
// The crash drill of the issuance pipeline: publishes a DHIS2 backfill to the event log, runs the real
// `healthcred issuer` (one or more processes), kills one with SIGKILL part-way, starts it again, and checks that every
// event has exactly one credential (none lost, none doubled) and nothing went to the dead letter. Exit code 0 when
// it holds. Embedded tier (SQLite files in a temp dir) by default; `--tier national` uses the Kafka and MongoDB at
// KAFKA_BROKERS and MONGODB_URI, with topics and a database of its own.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { connectKafkaBus, openSqliteBus } from '@healthcred/bus';
import { connectMongoStore, openSqliteStore } from '@healthcred/store';
import { backfillTrackedEntity as trackedEntity } from '@healthcred/testing';
import { pipelineProgress, waitingPartitions } from './lib/group-progress.mjs';

const USAGE = `Usage: node scripts/backfill-crash.mjs [--events N] [--kill-at FRACTION] [--issuers N] [--tier T] [--json]

Publishes N generated DHIS2 tracked entities (one completed vaccination each), runs \`healthcred issuer\` on them,
kills one issuer with SIGKILL once FRACTION of the credentials exist, restarts it, and checks the result.
  --events N          events in the backfill (default 10000)
  --kill-at FRACTION  when to kill, as a fraction of N (default 0.25)
  --issuers N         issuer processes sharing the work (default 1; 2 on the national tier)
  --tier T            embedded (default: SQLite in a temp dir) or national: Kafka and MongoDB at KAFKA_BROKERS
                      and MONGODB_URI, else started for the run by scripts/services.mjs; the issuers get
                      KAFKA_SESSION_TIMEOUT_MS, default here 10000
  --json              print the result as one JSON object
  --logs DIR          write each issuer's log (level info, kafkajs included) to DIR/issuer-<n>.log
  --help              this text`;

/** The issuers' Kafka session timeout in the drill unless KAFKA_SESSION_TIMEOUT_MS says otherwise. */
const DRILL_SESSION_TIMEOUT_MS = 10_000;

/** Set for a drill that scripts/services.mjs runs, so that it does not try to start the servers again. */
const STARTED_SERVERS = 'HEALTHCRED_DRILL_UNDER_SERVICES';
const SERVICES = new URL('./services.mjs', import.meta.url).pathname;
const CLI = new URL('../packages/cli/dist/main.js', import.meta.url).pathname;

function options() {
  const { values } = parseArgs({ options: {
    events: { type: 'string', default: '10000' }, 'kill-at': { type: 'string', default: '0.25' },
    issuers: { type: 'string' }, tier: { type: 'string', default: 'embedded' },
    json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false }, logs: { type: 'string' },
  } });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const events = Number(values.events);
  const killAt = Number(values['kill-at']);
  if (!Number.isSafeInteger(events) || events < 4) throw new Error('--events must be an integer of at least 4.');
  if (!(killAt > 0 && killAt < 1)) throw new Error('--kill-at must be a fraction between 0 and 1.');
  if (!['embedded', 'national'].includes(values.tier)) throw new Error('--tier must be embedded or national.');
  const issuers = Number(values.issuers ?? (values.tier === 'national' ? 2 : 1));
  if (!Number.isSafeInteger(issuers) || issuers < 1 || issuers > 8) throw new Error('--issuers must be an integer from 1 to 8.');
  const servers = values.tier === 'embedded' || Boolean(process.env.KAFKA_BROKERS && process.env.MONGODB_URI);
  if (!servers && process.env[STARTED_SERVERS]) {
    throw new Error('--tier national needs KAFKA_BROKERS and MONGODB_URI, and scripts/services.mjs could not start Kafka and FerretDB (see its NOTICE).');
  }
  return { events, killAt, issuers, tier: values.tier, json: values.json, servers, logs: values.logs };
}

/**
 * The event log and store of the drill, and the environment of its issuers. National: topics and a database named
 * for this run, so a drill neither sees nor leaves data of another.
 */
async function openTier(tier, dataDir) {
  if (tier === 'embedded') {
    return {
      bus: openSqliteBus({ path: join(dataDir, 'events.sqlite') }), store: openSqliteStore({ path: join(dataDir, 'store.sqlite') }),
      env: {}, topics: { dhis2: 'dhis2.hooks', certify: 'certify' }, drop: async () => undefined,
    };
  }
  const run = `drill_${randomUUID().slice(0, 8)}`;
  const names = { TOPIC_DHIS2: 'dhis2', TOPIC_CERTIFY: 'certify', TOPIC_CERTIFIED: 'certified', TOPIC_ACK: 'ack', TOPIC_DEAD_LETTER: 'dead' };
  const env = {
    HEALTHCRED_TIER: 'national', ISSUER_COUNTRY: 'LK', HEALTHCRED_CREATE_DEV_KEY: 'true',
    KAFKA_BROKERS: process.env.KAFKA_BROKERS, MONGODB_URI: process.env.MONGODB_URI, MONGODB_DB: run,
    // A crashed issuer's partitions wait this long for another: the failover the drill measures (default 30 s).
    KAFKA_SESSION_TIMEOUT_MS: process.env.KAFKA_SESSION_TIMEOUT_MS ?? String(DRILL_SESSION_TIMEOUT_MS),
  };
  for (const [variable, name] of Object.entries(names)) env[variable] = `${run}.${name}`;
  const store = await connectMongoStore({ uri: env.MONGODB_URI, dbName: run });
  const bus = await connectKafkaBus({ brokers: env.KAFKA_BROKERS.split(','), clientId: run });
  const drop = async () => {
    const mongoose = (await import('mongoose')).default;
    const connection = await mongoose.createConnection(env.MONGODB_URI, { dbName: run }).asPromise();
    await connection.dropDatabase();
    await connection.close();
  };
  return { bus, store, env, topics: { dhis2: env.TOPIC_DHIS2, certify: env.TOPIC_CERTIFY }, drop };
}

/** Starts an issuer; with `logFile` its log (level info, kafkajs' lines included) goes there, else nowhere. */
function startIssuer(dataDir, env, logFile) {
  const log = logFile === undefined ? 'ignore' : openSync(logFile, 'a');
  const child = spawn(process.execPath, [CLI, 'issuer'], {
    env: { PATH: process.env.PATH, HEALTHCRED_DATA_DIR: dataDir, LOG_LEVEL: logFile === undefined ? 'error' : 'info', ...env },
    stdio: ['ignore', log, logFile === undefined ? 'inherit' : log],
  });
  if (typeof log === 'number') closeSync(log);
  return child;
}

/** Polls `condition` every `everyMs` until true; fails after `timeoutMs` naming `what`. */
async function until(condition, what, timeoutMs, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

async function allCertificates(store) {
  const certificates = [];
  for (let page = await store.list({ limit: 1000 }); page.length > 0;
    page = await store.list({ limit: 1000, after: page.at(-1).certificateId })) certificates.push(...page);
  return certificates;
}

/**
 * Kills the first issuer once `killAt` of the requests are handled and restarts it; meanwhile measures how long the
 * certify group takes to serve every partition again (`failoverSeconds`: from the kill until each partition that
 * had work left has committed again, i.e. the rebalance plus one batch).
 */
async function killAndRestart({ bus, topics, store, events, killAt, running, restart, watch }) {
  await until(async () => (await watch()).certified >= events * killAt, 'the kill point', Math.max(120_000, events * 60));
  const exited = once(running[0], 'exit');
  running[0].kill('SIGKILL');
  const killed = Date.now();
  await exited;
  const { certify } = await pipelineProgress(bus, topics);
  const killedAt = await store.count();
  running[0] = restart();
  await until(async () => waitingPartitions(certify, (await watch()).certify).length === 0, 'the group to serve every partition again',
    Math.max(120_000, events * 60));
  return { killedAt, failoverSeconds: (Date.now() - killed) / 1000 };
}

async function drill({ events, killAt, issuers, tier, json, logs }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'healthcred-backfill-'));
  const { bus, store, env, topics, drop } = await openTier(tier, dataDir);
  const say = (text) => json || process.stderr.write(text);
  // A live progress line on a terminal; one line every 5 s in a CI log.
  const tty = process.stderr.isTTY;
  let lastLine = 0;
  const watch = async () => {
    const progress = await pipelineProgress(bus, topics);
    if (!json && Date.now() - lastLine >= (tty ? 500 : 5000)) {
      lastLine = Date.now();
      say(`${tty ? '\r' : ''}  ${progress.mapped} / ${events} payloads mapped, ${progress.certified} requests certified${tty ? '' : '\n'}`);
    }
    return progress;
  };
  try {
    for (let n = 0; n < events; n += 500) {
      await bus.publish(topics.dhis2, Array.from({ length: Math.min(500, events - n) },
        (_, i) => ({ value: JSON.stringify(trackedEntity(n + i)) })));
    }
    say(`published ${events} DHIS2 payloads; starting ${issuers} issuer process${issuers > 1 ? 'es' : ''}\n`);
    const started = Date.now();
    // The first makes the development key; the others start once it has issued with it.
    let count = 0;
    const start = () => startIssuer(dataDir, env, logs === undefined ? undefined : join(logs, `issuer-${count += 1}.log`));
    const running = [start()];
    let kill;
    try {
      if (issuers > 1) await until(async () => (await watch()).certified > 0, 'the first credential', 120_000);
      for (let i = 1; i < issuers; i += 1) running.push(start());
      kill = await killAndRestart({ bus, topics, store, events, killAt, running, restart: start, watch });
      say(`${tty ? '\r' : ''}  killed an issuer (SIGKILL) at ${kill.killedAt} credentials and restarted it; every partition `
        + `served again ${kill.failoverSeconds.toFixed(1)} s after the kill\n`);
      // Done when every payload is mapped and every request handled; the store's count (a full read on FerretDB) then.
      let last;
      await until(async () => {
        last = await watch();
        return last.mapped >= events && last.certifyLag === 0 && (await store.count()) >= events;
      }, 'every credential', Math.max(120_000, events * 60)).catch(async (error) => {
        const where = last.certify.map((o) => `${o.partition}: ${o.committed}/${o.end}`).join(', ');
        throw new Error(`${error.message} (${await store.count()} credentials; ${last.mapped} payloads mapped; certify partitions committed/end ${where})`);
      });
    } finally {
      await Promise.all(running.filter((child) => child.exitCode === null && child.signalCode === null).map((child) => {
        child.kill('SIGTERM');
        return once(child, 'exit');
      }));
    }
    const seconds = (Date.now() - started) / 1000;
    const certificates = await allCertificates(store);
    const result = {
      events, killedAt: kill.killedAt, credentials: certificates.length,
      distinctSources: new Set(certificates.map((c) => c.sourceKey)).size,
      issued: await store.count({ status: 'issued' }), deadLetters: (await store.listDeadLetters({ limit: 1000 })).length,
      seconds, perSecond: Math.round(events / seconds), failoverSeconds: kill.failoverSeconds,
    };
    result.ok = result.credentials === events && result.distinctSources === events && result.issued === events
      && result.deadLetters === 0 && kill.killedAt < events;
    say(`${tty ? '\r' : ''}  ${result.credentials} credentials for ${events} events (${result.distinctSources} distinct sources), `
      + `${result.deadLetters} dead letters, ${seconds.toFixed(1)} s (${result.perSecond}/s): ${result.ok ? 'OK' : 'FAILED'}\n`);
    return result;
  } finally {
    await bus.close();
    await store.close();
    await drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Runs this drill again under `scripts/services.mjs run`, which starts Kafka and FerretDB for it and stops them after. */
async function underServices() {
  const child = spawn(process.execPath, [SERVICES, 'run', '--', process.execPath, ...process.argv.slice(1)],
    { stdio: 'inherit', env: { ...process.env, [STARTED_SERVERS]: '1' } });
  const [code] = await once(child, 'exit');
  process.exit(code ?? 2);
}

try {
  const parsed = options();
  if (!parsed.servers) await underServices();
  const result = await drill(parsed);
  if (parsed.json) console.log(JSON.stringify(result));
  process.exit(result.ok ? 0 : 1);
} catch (error) {
  process.stderr.write(`backfill-crash: ${error.message}\n`);
  process.exit(2);
}
