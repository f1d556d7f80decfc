#!/usr/bin/env node
// Makes a fresh clone runnable: installs dependencies when they are missing or stale, then builds (tsc -b).
// Runs before `npm start` and `npm test`, so each of them is one command on a new machine.
import { execSync } from 'node:child_process';
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
run('npx tsc -b');
