#!/usr/bin/env node
// The crash drill of the issuance pipeline: publishes a DHIS2 backfill to the event log, runs the real
// `healthcred issuer` (one or more processes), kills one with SIGKILL part-way, starts it again, and checks that every
// event has exactly one credential (none lost, none doubled) and nothing went to the dead letter. Exit code 0 when
// it holds. Embedded tier (SQLite files in a temp dir) by default; `--tier national` uses the Kafka and MongoDB at
// KAFKA_BROKERS and MONGODB_URI, with topics and a database of its own.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { connectKafkaBus, openSqliteBus } from '@healthcred/bus';
import { connectMongoStore, openSqliteStore } from '@healthcred/store';
import { backfillTrackedEntity as trackedEntity } from '@healthcred/testing';

const USAGE = `Usage: node scripts/backfill-crash.mjs [--events N] [--kill-at FRACTION] [--issuers N] [--tier T] [--json]

Publishes N generated DHIS2 tracked entities (one completed vaccination each), runs \`healthcred issuer\` on them,
kills one issuer with SIGKILL once FRACTION of the credentials exist, restarts it, and checks the result.
  --events N          events in the backfill (default 10000)
  --kill-at FRACTION  when to kill, as a fraction of N (default 0.25)
  --issuers N         issuer processes sharing the work (default 1)
  --tier T            embedded (default: SQLite in a temp dir) or national (KAFKA_BROKERS, MONGODB_URI)
  --json              print the result as one JSON object
  --help              this text`;

const CLI = new URL('../packages/cli/dist/main.js', import.meta.url).pathname;

function options() {
  const { values } = parseArgs({ options: {
    events: { type: 'string', default: '10000' }, 'kill-at': { type: 'string', default: '0.25' },
    issuers: { type: 'string', default: '1' }, tier: { type: 'string', default: 'embedded' },
    json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false },
  } });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const events = Number(values.events);
  const killAt = Number(values['kill-at']);
  if (!Number.isSafeInteger(events) || events < 4) throw new Error('--events must be an integer of at least 4.');
  if (!(killAt > 0 && killAt < 1)) throw new Error('--kill-at must be a fraction between 0 and 1.');
  const issuers = Number(values.issuers);
  if (!Number.isSafeInteger(issuers) || issuers < 1 || issuers > 8) throw new Error('--issuers must be an integer from 1 to 8.');
  if (!['embedded', 'national'].includes(values.tier)) throw new Error('--tier must be embedded or national.');
  if (values.tier === 'national' && !(process.env.KAFKA_BROKERS && process.env.MONGODB_URI)) {
    throw new Error('--tier national needs KAFKA_BROKERS and MONGODB_URI (node scripts/services.mjs run -- …).');
  }
  return { events, killAt, issuers, tier: values.tier, json: values.json };
}

/**
 * The event log and store of the drill, and the environment of its issuers. National: topics and a database named
 * for this run, so a drill neither sees nor leaves data of another.
 */
async function openTier(tier, dataDir) {
  if (tier === 'embedded') {
    return {
      bus: openSqliteBus({ path: join(dataDir, 'events.sqlite') }), store: openSqliteStore({ path: join(dataDir, 'store.sqlite') }),
      env: {}, topic: 'dhis2.hooks', drop: async () => undefined,
    };
  }
  const run = `drill_${randomUUID().slice(0, 8)}`;
  const topics = { TOPIC_DHIS2: 'dhis2', TOPIC_CERTIFY: 'certify', TOPIC_CERTIFIED: 'certified', TOPIC_ACK: 'ack', TOPIC_DEAD_LETTER: 'dead' };
  const env = {
    HEALTHCRED_TIER: 'national', ISSUER_COUNTRY: 'LK', HEALTHCRED_CREATE_DEV_KEY: 'true',
    KAFKA_BROKERS: process.env.KAFKA_BROKERS, MONGODB_URI: process.env.MONGODB_URI, MONGODB_DB: run,
  };
  for (const [variable, name] of Object.entries(topics)) env[variable] = `${run}.${name}`;
  const store = await connectMongoStore({ uri: env.MONGODB_URI, dbName: run });
  const bus = await connectKafkaBus({ brokers: env.KAFKA_BROKERS.split(','), clientId: run });
  const drop = async () => {
    const mongoose = (await import('mongoose')).default;
    const connection = await mongoose.createConnection(env.MONGODB_URI, { dbName: run }).asPromise();
    await connection.dropDatabase();
    await connection.close();
  };
  return { bus, store, env, topic: env.TOPIC_DHIS2, drop };
}

function startIssuer(dataDir, env) {
  return spawn(process.execPath, [CLI, 'issuer'], {
    env: { PATH: process.env.PATH, HEALTHCRED_DATA_DIR: dataDir, LOG_LEVEL: 'error', ...env }, stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function until(condition, what, timeoutMs, progress) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await progress?.();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function allCertificates(store) {
  const certificates = [];
  for (let page = await store.list({ limit: 1000 }); page.length > 0;
    page = await store.list({ limit: 1000, after: page.at(-1).certificateId })) certificates.push(...page);
  return certificates;
}

async function drill({ events, killAt, issuers, tier, json }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'healthcred-backfill-'));
  const { bus, store, env, topic, drop } = await openTier(tier, dataDir);
  const say = (text) => json || process.stderr.write(text);
  // A live progress line on a terminal; one line every 5 s in a CI log.
  const tty = process.stderr.isTTY;
  let lastLine = 0;
  const progress = async () => {
    if (json || Date.now() - lastLine < (tty ? 500 : 5000)) return;
    lastLine = Date.now();
    say(`${tty ? '\r' : ''}  ${await store.count()} / ${events} credentials${tty ? '' : '\n'}`);
  };
  try {
    for (let n = 0; n < events; n += 500) {
      await bus.publish(topic, Array.from({ length: Math.min(500, events - n) },
        (_, i) => ({ value: JSON.stringify(trackedEntity(n + i)) })));
    }
    say(`published ${events} DHIS2 payloads; starting ${issuers} issuer process${issuers > 1 ? 'es' : ''}\n`);
    const started = Date.now();
    // The first makes the development key; the others start once it has issued with it.
    const running = [startIssuer(dataDir, env)];
    let atKill = 0;
    try {
      if (issuers > 1) await until(async () => (await store.count()) > 0, 'the first credential', 120_000, progress);
      for (let i = 1; i < issuers; i += 1) running.push(startIssuer(dataDir, env));
      await until(async () => (await store.count()) >= events * killAt, 'the kill point', 120_000, progress);
      const exited = once(running[0], 'exit');
      running[0].kill('SIGKILL');
      await exited;
      atKill = await store.count();
      say(`${tty ? '\r' : ''}  killed an issuer (SIGKILL) at ${atKill} credentials; restarting it\n`);
      running[0] = startIssuer(dataDir, env);
      await until(async () => (await store.count()) >= events, 'every credential', Math.max(120_000, events * 20), progress);
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      await Promise.all(running.filter((child) => child.exitCode === null && child.signalCode === null).map((child) => {
        child.kill('SIGTERM');
        return once(child, 'exit');
      }));
    }
    const seconds = (Date.now() - started) / 1000;
    const certificates = await allCertificates(store);
    const result = {
      events, killedAt: atKill, credentials: certificates.length,
      distinctSources: new Set(certificates.map((c) => c.sourceKey)).size,
      issued: await store.count({ status: 'issued' }), deadLetters: (await store.listDeadLetters({ limit: 1000 })).length,
      seconds, perSecond: Math.round(events / seconds),
    };
    result.ok = result.credentials === events && result.distinctSources === events && result.issued === events
      && result.deadLetters === 0 && atKill < events;
    say(`${tty ? '\r' : ''}  ${result.credentials} credentials for ${events} events (${result.distinctSources} distinct sources), `
      + `${result.deadLetters} dead letters, ${seconds.toFixed(1)} s: ${result.ok ? 'OK' : 'FAILED'}\n`);
    return result;
  } finally {
    await bus.close();
    await store.close();
    await drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

try {
  const parsed = options();
  const result = await drill(parsed);
  if (parsed.json) console.log(JSON.stringify(result));
  process.exit(result.ok ? 0 : 1);
} catch (error) {
  process.stderr.write(`backfill-crash: ${error.message}\n`);
  process.exit(2);
}
