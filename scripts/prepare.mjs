#!/usr/bin/env node
// Makes a fresh clone runnable: installs dependencies when they are missing or stale, then builds (tsc -b, and the
// web pages with Vite when their sources changed). Runs before `npm start` and `npm test`, so each of them is one
// command on a new machine. With --test-tools it also installs the independent tools the tests check the product
// with (zbar, poppler, Chromium, and fonts for the Sinhala and Tamil screenshots) from Debian, when missing.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

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

const TEST_TOOLS = { zbarimg: 'zbar-tools', pdftoppm: 'poppler-utils', chromium: 'chromium' };
/** Fonts by language, so the browser tests' screenshots show Sinhala and Tamil text rather than empty boxes. */
const TEST_FONTS = { si: 'fonts-lklug-sinhala', ta: 'fonts-lohit-taml' };
if (process.argv.includes('--test-tools')) {
  const has = (tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
  const hasFont = (language) => spawnSync('sh', ['-c', `fc-list :lang=${language} | grep -q .`]).status === 0;
  const missing = [
    ...Object.entries(TEST_TOOLS).filter(([tool]) => !has(tool)).map(([, pkg]) => pkg),
    ...Object.entries(TEST_FONTS).filter(([language]) => !hasFont(language)).map(([, pkg]) => pkg),
  ];
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

/** Newest modification time of the files below `path` (node_modules and build output aside). */
function newest(path) {
  if (!statSync(path).isDirectory()) return statSync(path).mtimeMs;
  return Math.max(0, ...readdirSync(path).filter((name) => name !== 'node_modules' && name !== 'dist')
    .map((name) => newest(join(path, name))));
}
const web = `${root}services/web/`;
const webInputs = [
  ...['src', 'public', 'index.html', 'verify.html', 'vite.config.ts', 'tsconfig.json', 'package.json'].map((file) => web + file),
  `${root}contexts`,
  ...['qr', 'types', 'credentials', 'document-loader', 'validation', 'status-list', 'issuer-identity', 'errors']
    .map((name) => `${root}packages/${name}/dist`),
].filter((path) => existsSync(path));
const builtAt = existsSync(`${web}dist/verify.html`) ? statSync(`${web}dist/verify.html`).mtimeMs : 0;
if (webInputs.some((path) => newest(path) > builtAt)) run('npm run build -w services/web');
