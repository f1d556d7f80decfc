#!/usr/bin/env node
// Makes a fresh clone runnable: installs dependencies when they are missing or stale, then builds (tsc -b).
// Runs before `npm start` and `npm test`, so each of them is one command on a new machine. With --test-tools it
// also installs the independent tools the tests check the product with (zbar, poppler) from Debian, when missing.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const installed = `${root}node_modules/.package-lock.json`;
const lock = `${root}package-lock.json`;
const manifests = [lock, `${root}package.json`];

function run(command) {
  console.error(`> ${command}`);
  execSync(command, { cwd: root, stdio: 'inherit' });
}

const stale = !existsSync(installed) ||
  manifests.some((file) => existsSync(file) && statSync(file).mtimeMs > statSync(installed).mtimeMs);
if (stale) run('npm install --no-audit --no-fund');

const TEST_TOOLS = { zbarimg: 'zbar-tools', pdftoppm: 'poppler-utils' };
if (process.argv.includes('--test-tools')) {
  const has = (tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
  const missing = Object.entries(TEST_TOOLS).filter(([tool]) => !has(tool)).map(([, pkg]) => pkg);
  if (missing.length > 0 && has('apt-get') && process.getuid?.() === 0) {
    try {
      run(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${missing.join(' ')}`);
    } catch {
      console.error(`NOTICE: could not install ${missing.join(', ')}; the tests that need them will be skipped.`);
    }
  } else if (missing.length > 0) {
    console.error(`NOTICE: ${missing.join(', ')} missing and not installable here (needs root and apt-get); tests that need them will be skipped.`);
  }
}
run('npx tsc -b');
