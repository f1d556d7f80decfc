#!/usr/bin/env node
// One-machine demo of the credential core: makes an issuer key in the data directory (once), issues the example
// records, and verifies them with the published DID document, as a third party would.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '@healthcred/cli';

const root = new URL('..', import.meta.url).pathname;
const dataDir = process.env.HEALTHCRED_DATA_DIR ?? join(root, 'data');
mkdirSync(dataDir, { recursive: true });

async function cli(args, { quiet = false } = {}) {
  let out = '';
  const code = await runCli(args, {
    stdout: (text) => { out += text; },
    stderr: (text) => process.stderr.write(text),
  }, process.env);
  if (!quiet) process.stdout.write(out);
  if (code !== 0 && args[0] !== 'verify') process.exit(code);
  return { code, out };
}

const keyFile = join(dataDir, 'issuer-key.json');
if (!existsSync(keyFile)) await cli(['keys', 'generate', '--out', keyFile]);
const didFile = join(dataDir, 'did.json');
writeFileSync(didFile, (await cli(['did', '--key', keyFile], { quiet: true })).out);

for (const name of ['vaccination-record', 'test-result-record']) {
  const { out } = await cli(['issue', '--record', join(root, 'examples', `${name}.json`), '--key', keyFile], { quiet: true });
  const credentialFile = join(dataDir, `${name.replace('-record', '')}-credential.json`);
  writeFileSync(credentialFile, out);
  console.log(`\nIssued ${credentialFile}`);
  await cli(['verify', credentialFile, '--did-document', didFile]);
}
