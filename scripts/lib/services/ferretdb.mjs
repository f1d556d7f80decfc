// FerretDB for the tests: the MongoDB wire protocol on a SQLite backend, built from the Go module proxy once per
// version (Go's module and build caches, the binary in the cache dir) and run on loopback.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ServiceError, freePort, hasCommand, runStep, startServer, waitUntilReady } from './processes.mjs';

/** The FerretDB version the store contract runs against. */
export const FERRETDB_VERSION = 'v1.24.2';
const MODULE = 'github.com/FerretDB/FerretDB';

/** Why FerretDB cannot run here (a missing tool), or undefined when it can. */
export function ferretdbMissing() {
  return hasCommand('go') ? undefined : 'go not found';
}

function versionOf(binary) {
  if (!existsSync(binary)) return undefined;
  const { stdout } = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return /^version: (\S+)$/m.exec(stdout ?? '')?.[1];
}

const goEnv = { GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' };

/**
 * A FerretDB binary of {@link FERRETDB_VERSION}: the one in $(go env GOPATH)/bin when it reports that version,
 * else one built into the cache dir. `go install …@v1.24.2` alone is not enough: FerretDB embeds a generated
 * build/version/version.txt that the module lacks, and such a binary panics at start. So this copies the module
 * source from Go's module cache, writes that file and builds it.
 */
async function binary(cacheDir, logFile) {
  const gopath = spawnSync('go', ['env', 'GOPATH'], { encoding: 'utf8' }).stdout.trim().split(':')[0];
  const installed = join(gopath, 'bin', 'ferretdb');
  if (versionOf(installed) === FERRETDB_VERSION) return installed;
  const dir = join(cacheDir, `ferretdb-${FERRETDB_VERSION}`);
  const built = join(dir, 'ferretdb');
  if (versionOf(built) === FERRETDB_VERSION) return built;
  console.error(`services: building FerretDB ${FERRETDB_VERSION} with Go (once; a few minutes on 2 cores)`);
  mkdirSync(dir, { recursive: true });
  const download = spawnSync('go', ['mod', 'download', '-json', `${MODULE}@${FERRETDB_VERSION}`],
    { encoding: 'utf8', env: { ...process.env, ...goEnv } });
  const moduleDir = download.status === 0 ? JSON.parse(download.stdout).Dir : undefined;
  if (moduleDir === undefined) {
    writeFileSync(logFile, `${download.stdout ?? ''}${download.stderr ?? ''}`, { flag: 'a' });
    throw new ServiceError('FerretDB', `go mod download ${MODULE}@${FERRETDB_VERSION} failed`, logFile);
  }
  // A build dir of its own and a rename at the end, so that two runs building at once do not mix their files.
  const source = join(mkdtempSync(join(dir, 'build-')), 'src');
  cpSync(moduleDir, source, { recursive: true });
  spawnSync('chmod', ['-R', 'u+w', source]);
  writeFileSync(join(source, 'build/version/version.txt'), `${FERRETDB_VERSION}\n`);
  await runStep('FerretDB', `building FerretDB ${FERRETDB_VERSION}`, 'go',
    ['build', '-trimpath', '-o', join(source, '..', 'ferretdb'), './cmd/ferretdb'], { cwd: source, env: goEnv, logFile });
  renameSync(join(source, '..', 'ferretdb'), built);
  rmSync(join(source, '..'), { recursive: true, force: true });
  if (versionOf(built) !== FERRETDB_VERSION) throw new ServiceError('FerretDB', `the built ${built} does not report ${FERRETDB_VERSION}`, logFile);
  return built;
}

async function probe(root, uri) {
  const { MongoClient } = createRequire(join(root, 'packages/store/package.json'))('mongodb');
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 1_000 });
  try {
    await client.db('admin').command({ ping: 1 });
  } finally {
    await client.close();
  }
}

/**
 * Installs what is missing and starts FerretDB in `dir` (SQLite files and `ferretdb.log`); `track(server)` is told
 * about the process as soon as it runs.
 * @returns `{env: {MONGODB_URI}, version, installMs, readyMs}`; throws a ServiceError naming FerretDB.
 */
export async function startFerretdb({ root, cacheDir, dir, track }) {
  const logFile = join(dir, 'ferretdb.log');
  const installStarted = Date.now();
  const ferretdb = await binary(cacheDir, logFile);
  const installMs = Date.now() - installStarted;
  const data = join(dir, 'data');
  mkdirSync(data, { recursive: true });
  const port = await freePort();
  const started = Date.now();
  const server = startServer(ferretdb, [
    '--handler=sqlite', `--sqlite-url=file:${data}/`, `--listen-addr=127.0.0.1:${port}`, `--state-dir=${dir}`,
    '--debug-addr=-', '--telemetry=disable', '--log-level=warn',
  ], { cwd: dir, logFile });
  track(server);
  const uri = `mongodb://127.0.0.1:${port}/`;
  await waitUntilReady('FerretDB', { probe: () => probe(root, uri), exited: server.exited, timeoutMs: 60_000, logFile });
  return { env: { MONGODB_URI: uri }, version: FERRETDB_VERSION, installMs, readyMs: Date.now() - started };
}
