#!/usr/bin/env node
// The key-compromise drill: on the embedded tier, issues N certificates, revokes the signing key with the real
// `healthcred keys revoke`, kills its re-issue with SIGKILL part-way, continues it with `healthcred keys
// reissue-revoked`, and checks that every certificate the key signed was re-issued exactly once under the new key
// (and verifies), and that the old ones read revoked, each pointing to its replacement. Exit code 0 when it holds.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { verifyCredential } from '@healthcred/credentials';
import { createDocumentLoader } from '@healthcred/document-loader';
import { buildDidDocument, generateIssuerKeySet, readIssuerKeyFile, writeIssuerKeyFile } from '@healthcred/issuer-identity';
import { openSqliteStore } from '@healthcred/store';
import { issueMany } from './lib/certificates.mjs';

const USAGE = `Usage: node scripts/key-compromise-drill.mjs [--certificates N] [--kill-at FRACTION] [--json]

Issues N certificates, revokes their signing key with \`healthcred keys revoke\`, kills it with SIGKILL once FRACTION
of them were re-issued, continues with \`healthcred keys reissue-revoked\`, and checks the result.
  --certificates N    certificates signed by the key (default 100000)
  --kill-at FRACTION  when to kill the re-issue, as a fraction of N (default 0.3)
  --json              print the result as one JSON object
  --help              this text`;

const CLI = new URL('../packages/cli/dist/main.js', import.meta.url).pathname;
const ISSUER_URL = 'http://localhost:8080';

function options() {
  const { values } = parseArgs({ options: {
    certificates: { type: 'string', default: '100000' }, 'kill-at': { type: 'string', default: '0.3' },
    json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false },
  } });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const certificates = Number(values.certificates);
  const killAt = Number(values['kill-at']);
  if (!Number.isSafeInteger(certificates) || certificates < 100) throw new Error('--certificates must be an integer of at least 100.');
  if (!(killAt > 0 && killAt < 1)) throw new Error('--kill-at must be a fraction between 0 and 1.');
  return { certificates, killAt, json: values.json };
}

function cli(dataDir, args) {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH, HEALTHCRED_DATA_DIR: dataDir, ISSUER_URL, LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.output = '';
  child.stdout.on('data', (chunk) => { child.output += chunk; });
  child.stderr.on('data', (chunk) => { child.output += chunk; });
  return child;
}

/** Every certificate in the store, as the few fields the checks need. */
async function allCertificates(store) {
  const rows = [];
  for (let page = await store.list({ limit: 1000 }); page.length > 0;
    page = await store.list({ limit: 1000, after: page.at(-1).certificateId })) {
    for (const c of page) {
      rows.push({ id: c.certificateId, status: c.status, by: c.supersededBy, of: c.supersedes, key: c.credential.proof?.verificationMethod });
    }
  }
  return rows;
}

function check({ rows, count, oldKey, newKey }) {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const originals = rows.filter((row) => row.of === undefined);
  const replacements = rows.filter((row) => row.of !== undefined);
  const problems = [];
  if (rows.length !== 2 * count) problems.push(`${rows.length} certificates in the store, expected ${2 * count}`);
  if (originals.some((row) => row.key !== oldKey || row.status !== 'revoked' || byId.get(row.by)?.of !== row.id)) {
    problems.push('an original is not revoked, or does not point to a replacement that points back');
  }
  if (replacements.some((row) => row.key !== newKey || row.status !== 'issued' || row.by !== undefined)) {
    problems.push('a replacement is not current, issued and signed by the new key');
  }
  if (new Set(replacements.map((row) => row.of)).size !== count) problems.push('some original was replaced twice or not at all');
  return { originals: originals.length, replacements: replacements.length, problems };
}

async function drill({ certificates: count, killAt, json }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'healthcred-key-drill-'));
  const keyFile = join(dataDir, 'issuer-key.json');
  const say = (text) => json || process.stderr.write(text);
  const store = openSqliteStore({ path: join(dataDir, 'store.sqlite') });
  try {
    writeIssuerKeyFile(keyFile, generateIssuerKeySet({ did: 'did:web:localhost%3A8080' }));
    const oldKey = readIssuerKeyFile(keyFile).keys[0].id;
    let last = 0;
    const issuedPerSecond = await issueMany({
      store, keys: readIssuerKeyFile(keyFile), url: ISSUER_URL, count,
      onBatch: (done) => (Date.now() - last > 5000 ? (last = Date.now(), say(`  issued ${done} / ${count}\n`)) : undefined),
    });
    say(`issued ${count} certificates (${Math.round(issuedPerSecond)}/s); revoking the key with healthcred keys revoke\n`);

    const started = performance.now();
    const revoke = cli(dataDir, ['keys', 'revoke', oldKey, '--key', keyFile, '--reason', 'drill: key compromise', '--settle', '0']);
    const remaining = () => store.countCurrentBySigningKey({ verificationMethod: oldKey, status: 'issued' });
    for (;;) {
      if (revoke.exitCode !== null) throw new Error(`healthcred keys revoke ended before the kill point:\n${revoke.output}`);
      if ((await remaining()) <= count * (1 - killAt)) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const exited = once(revoke, 'exit');
    revoke.kill('SIGKILL');
    await exited;
    const firstSeconds = (performance.now() - started) / 1000;
    const killedAt = count - (await remaining());
    say(`  killed healthcred keys revoke (SIGKILL) after ${killedAt} re-issues; continuing with keys reissue-revoked\n`);

    const restarted = performance.now();
    const resume = cli(dataDir, ['keys', 'reissue-revoked', '--key', keyFile, '--settle', '0']);
    resume.stderr.on('data', (chunk) => say(String(chunk).split('\n').filter((l) => l.includes('re-issued')).map((l) => `${l}\n`).join('')));
    const [code] = await once(resume, 'exit');
    const secondSeconds = (performance.now() - restarted) / 1000;
    if (code !== 0) throw new Error(`healthcred keys reissue-revoked exited with ${code}:\n${resume.output}`);

    const keys = readIssuerKeyFile(keyFile);
    const newKey = keys.keys[0].id;
    const result = check({ rows: await allCertificates(store), count, oldKey, newKey });
    const documentLoader = createDocumentLoader({ contextBaseUrls: [ISSUER_URL], didDocuments: [buildDidDocument(keys)] });
    for (const certificate of await store.list({ status: 'issued', limit: 20 })) {
      if (!(await verifyCredential({ credential: certificate.credential, documentLoader })).verified) result.problems.push('a replacement does not verify');
    }
    const seconds = firstSeconds + secondSeconds;
    Object.assign(result, {
      certificates: count, killedAt, seconds: Math.round(seconds * 10) / 10, reissuedPerSecond: Math.round(count / seconds),
      ok: result.problems.length === 0 && killedAt > 0 && killedAt < count,
    });
    say(`  ${result.replacements} re-issued for ${count} certificates (${result.originals} originals, all revoked), `
      + `${result.seconds} s in two runs: ${result.reissuedPerSecond} re-issues/s: ${result.ok ? 'OK' : `FAILED ${result.problems.join('; ')}`}\n`);
    return result;
  } finally {
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
  process.stderr.write(`key-compromise-drill: ${error.message}\n`);
  process.exit(2);
}
