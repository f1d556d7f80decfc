#!/usr/bin/env node
// The crash drill of the issuance pipeline: publishes a DHIS2 backfill to an embedded event log, runs the real
// `healthcred issuer`, kills it with SIGKILL part-way, starts it again, and checks that every event has exactly one
// credential (none lost, none doubled) and nothing went to the dead letter. Exit code 0 when it holds.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openSqliteBus } from '@healthcred/bus';
import { openSqliteStore } from '@healthcred/store';
import { trackedEntity } from './lib/dhis2-backfill.mjs';

const USAGE = `Usage: node scripts/backfill-crash.mjs [--events N] [--kill-at FRACTION] [--json]

Publishes N generated DHIS2 tracked entities (one completed vaccination each), runs \`healthcred issuer\` on them,
kills it with SIGKILL once FRACTION of the credentials exist, restarts it, and checks the result.
  --events N          events in the backfill (default 10000)
  --kill-at FRACTION  when to kill, as a fraction of N (default 0.25)
  --json              print the result as one JSON object
  --help              this text`;

const CLI = new URL('../packages/cli/dist/main.js', import.meta.url).pathname;

function options() {
  const { values } = parseArgs({ options: {
    events: { type: 'string', default: '10000' }, 'kill-at': { type: 'string', default: '0.25' },
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
  return { events, killAt, json: values.json };
}

function startIssuer(dataDir) {
  return spawn(process.execPath, [CLI, 'issuer'], {
    env: { PATH: process.env.PATH, HEALTHCRED_DATA_DIR: dataDir, LOG_LEVEL: 'error' }, stdio: ['ignore', 'ignore', 'inherit'],
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

async function drill({ events, killAt, json }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'healthcred-backfill-'));
  const bus = openSqliteBus({ path: join(dataDir, 'events.sqlite') });
  const store = openSqliteStore({ path: join(dataDir, 'store.sqlite') });
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
      await bus.publish('dhis2.hooks', Array.from({ length: Math.min(500, events - n) },
        (_, i) => ({ value: JSON.stringify(trackedEntity(n + i)) })));
    }
    say(`published ${events} DHIS2 payloads; starting the issuer\n`);
    const started = Date.now();
    const first = startIssuer(dataDir);
    await until(async () => (await store.count()) >= events * killAt, 'the kill point', 120_000, progress);
    const exited = once(first, 'exit');
    first.kill('SIGKILL');
    await exited;
    const atKill = await store.count();
    say(`${tty ? '\r' : ''}  killed the issuer (SIGKILL) at ${atKill} credentials; restarting\n`);
    const second = startIssuer(dataDir);
    try {
      await until(async () => (await store.count()) >= events, 'every credential', Math.max(120_000, events * 20), progress);
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      second.kill('SIGTERM');
      await once(second, 'exit');
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
