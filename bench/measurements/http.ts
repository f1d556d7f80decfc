import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@healthcred/config';
import {
  buildVaccinationCredential, createIssuer, generateCertificateId, holdIssuer, issueCredential, trustEntryOf, verifyCredential,
} from '@healthcred/credentials';
import { createStatusLists, withVc2StatusLists } from '@healthcred/issuance';
import { generateIssuerKeySet, writeIssuerKeyFile, type IssuerKeySet } from '@healthcred/issuer-identity';
import { statusEntryForPosition } from '@healthcred/status-list';
import { openSqliteStore } from '@healthcred/store';
import type { SignedHealthCredential } from '@healthcred/types';
import { parseStrictJson } from '@healthcred/validation';
import { treeCpuMicros } from '../lib/cpu.js';
import { freePort, startProcess, stopProcess, until } from '../lib/child.js';
import { mockVaccinationRecord as benchRecord } from '@healthcred/testing';
import type { BenchmarkModule, MeasureOptions } from '../measure.js';

const CLIENTS = 200;
/**
 * Verifications each side runs before it is measured, in process and over HTTP alike: enough for V8 to have compiled
 * the hot paths (a warm-up by time is a few hundred requests on a busy machine, and the API's compiler threads then
 * take more CPU than its garbage collection).
 */
const WARM_UP = 5_000;

function post(agent: Agent, port: number, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const call = request({
      agent, host: '127.0.0.1', port, path: '/credentials/verify', method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
    }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => { text += chunk; }).on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    call.on('error', reject);
    call.end(body);
  });
}

/** A benchmark credential of an issuer at `url`, with its status entries (position 0), and its keys. */
async function benchCredential(url: string): Promise<{ keys: IssuerKeySet; credential: SignedHealthCredential }> {
  const keys = generateIssuerKeySet({ did: loadConfig({ ISSUER_URL: url }).issuerDid });
  const issuer = createIssuer({ keys, url });
  const credential = await issueCredential({
    credential: buildVaccinationCredential(benchRecord(), {
      issuer, certificateId: generateCertificateId(), issuedAt: new Date().toISOString(), credentialStatus: statusEntryForPosition(0, url),
    }), issuer,
  });
  return { keys, credential };
}

/**
 * Verifies the credential's JSON text in this process as the API does it: read by `parseStrictJson` (as
 * `verifyCredential` asks of untrusted text, and as the API reads every body), its issuer trusted, its status read
 * through the status lists of both data models from a SQLite file store (the API's embedded tier). What the API does
 * beyond this is the HTTP: the request, the answer, the rate limit and the metrics. `measure(seconds)`: the CPU time
 * (µs, of every thread of this process) and the number of verifications of that long; warmed up by {@link WARM_UP}.
 */
async function inProcessVerifier(url: string, keys: IssuerKeySet, credential: SignedHealthCredential) {
  const issuer = createIssuer({ keys, url });
  const dataDir = mkdtempSync(join(tmpdir(), 'healthcred-bench-verify-'));
  const store = openSqliteStore({ path: join(dataDir, 'store.sqlite') });
  const lists = { store, issuer: holdIssuer(issuer), ttlSeconds: 300 };
  const statusLists = withVc2StatusLists(createStatusLists(lists), lists);
  const trustedIssuers = [trustEntryOf(issuer, { name: 'Ministry of Health', country: 'ZZ' })];
  const text = JSON.stringify(credential);
  const verify = () => verifyCredential({
    credential: parseStrictJson(text, 'The credential'), documentLoader: issuer.documentLoader, trustedIssuers,
    checkStatus: (entry) => statusLists.check(entry),
  });
  const close = async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    if (!(await verify()).verified) throw new Error('the benchmark credential does not verify in process');
    for (let i = 0; i < WARM_UP; i++) await verify();
  } catch (error) {
    await close();
    throw error;
  }
  const measure = async (seconds: number) => {
    const before = process.cpuUsage();
    let count = 0;
    for (const end = performance.now() + seconds * 1000; performance.now() < end; count++) await verify();
    const used = process.cpuUsage(before);
    return { cpu: used.user + used.system, count };
  };
  return { measure, close };
}

/** Windows the closed loop is measured in; with `inProcess`, each is followed by one of verifying in process. */
const ROUNDS = 3;

/**
 * Loads `POST /credentials/verify` of an API run as its own process (`services/api`, embedded tier, `processes`
 * API_PROCESSES) with 200 clients on keep-alive connections, warmed up by {@link WARM_UP} requests a process. Closed loop (each
 * client sends its next request as soon as the last is answered): the requests per second the API sustains, the
 * latencies then (queueing included: 200 / rps at least) and the API's CPU time per request (of all its processes and
 * threads, from /proc: what the load generator and the rest of the machine cost does not count). With `inProcess`,
 * the CPU time of verifying in process too ({@link inProcessVerifier}), measured in turns with the closed loop so that
 * both see the machine as it was. Open loop at half that rate (each client scans at a fixed interval, as verifiers at
 * gates do): the 99th percentile latency of an API that is not saturated. Every answer must say verified.
 */
async function loadTest(processes: string, options: MeasureOptions, inProcess = false) {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'healthcred-bench-http-'));
  const { keys, credential } = await benchCredential(url);
  writeIssuerKeyFile(join(dataDir, 'issuer-key.json'), keys);
  const body = JSON.stringify({ verifiableCredential: credential });
  const api = startProcess('services/api/dist/main.js', [], {
    HEALTHCRED_DATA_DIR: dataDir, ISSUER_URL: url, PORT: String(port), VERIFY_REQUESTS_PER_MINUTE: '10000000', API_PROCESSES: processes,
  });
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  const verifier = inProcess ? await inProcessVerifier(url, keys, credential) : undefined;
  try {
    await until(async () => {
      if (api.exitCode !== null) throw new Error('the API process exited (its message is above)');
      return (await post(agent, port, body).catch(() => ({ status: 0, text: '' }))).status === 200;
    }, 'the API');
    const verifyOnce = async (latencies: number[]) => {
      const sent = performance.now();
      const answer = await post(agent, port, body);
      if (answer.status !== 200 || !answer.text.startsWith('{"verified":true')) throw new Error(`unexpected answer ${answer.status}: ${answer.text.slice(0, 200)}`);
      latencies.push(performance.now() - sent);
    };
    // Closed loop: each client sends its next request as soon as the last is answered (the throughput ceiling), for
    // `seconds` and until `count` requests were answered.
    const closedLoop = async (seconds: number, latencies: number[], count = 0) => {
      const end = performance.now() + seconds * 1000;
      await Promise.all(Array.from({ length: CLIENTS }, async () => {
        while (performance.now() < end || latencies.length < count) await verifyOnce(latencies);
      }));
    };
    // Open loop: each client scans once every `intervalMs` (a verifier at a gate), answered or not.
    const openLoop = async (seconds: number, rate: number, latencies: number[]) => {
      const intervalMs = (CLIENTS / rate) * 1000;
      const end = performance.now() + seconds * 1000;
      await Promise.all(Array.from({ length: CLIENTS }, async (_, client) => {
        const pending: Promise<void>[] = [];
        await new Promise((resolve) => setTimeout(resolve, (client / CLIENTS) * intervalMs));
        for (let next = performance.now(); next < end; next += intervalMs) {
          pending.push(verifyOnce(latencies));
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, next + intervalMs - performance.now())));
        }
        await Promise.all(pending);
      }));
    };
    const percentile = (latencies: number[], p: number) => [...latencies].sort((a, b) => a - b)[Math.floor(latencies.length * p)]!;
    const apiProcesses = loadConfig({ ISSUER_URL: url, API_PROCESSES: processes }).api.processes;
    await closedLoop(Math.min(1, options.seconds / 2), [], WARM_UP * apiProcesses);
    const closed: number[] = [];
    const seconds = Math.max(3, options.seconds) / ROUNDS;
    let apiCpu: number | undefined = 0;
    let wallMs = 0;
    let localCpu = 0;
    let localCount = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const cpuBefore = treeCpuMicros(api.pid!);
      const start = performance.now();
      await closedLoop(seconds, closed);
      wallMs += performance.now() - start;
      const cpuAfter = treeCpuMicros(api.pid!);
      const used = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
      apiCpu = apiCpu === undefined || used === undefined ? undefined : apiCpu + used;
      const turn = await verifier?.measure(seconds);
      localCpu += turn?.cpu ?? 0;
      localCount += turn?.count ?? 0;
    }
    const rps = closed.length / (wallMs / 1000);
    const halfLoad: number[] = [];
    await openLoop(Math.max(3, options.seconds), rps / 2, halfLoad);
    return {
      rps, p50: percentile(closed, 0.5), p99: percentile(closed, 0.99), halfLoadP99: percentile(halfLoad, 0.99),
      cpuPerRequest: apiCpu === undefined ? undefined : apiCpu / closed.length,
      inProcessCpu: localCount === 0 ? undefined : localCpu / localCount,
    };
  } finally {
    await verifier?.close();
    agent.destroy();
    await stopProcess(api);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * `POST /credentials/verify` under load, by one API process (with its CPU time per request against verifying in
 * process) and by one API process per core behind the same port (API_PROCESSES=auto). The load generator runs on
 * the same cores.
 */
export const httpBenchmarks: BenchmarkModule = {
  name: 'http',
  async setup() {
    return [{
      name: 'verify_http', label: `POST /credentials/verify, ${CLIENTS} concurrent clients, one API process`,
      async run(options) {
        const one = await loadTest('1', options, true);
        const inProcess = one.inProcessCpu!;
        return {
          verify_http_rps: one.rps,
          verify_http_p50_ms: one.p50,
          verify_http_p99_ms: one.p99,
          verify_http_half_load_rps: one.rps / 2,
          verify_http_half_load_p99_ms: one.halfLoadP99,
          verify_in_process_cpu_us: inProcess,
          ...(one.cpuPerRequest === undefined ? {} : {
            verify_http_cpu_us: one.cpuPerRequest, verify_http_cpu_vs_in_process: one.cpuPerRequest / inProcess,
          }),
        };
      },
    }, {
      name: 'verify_http_all_cores', label: `POST /credentials/verify, ${CLIENTS} concurrent clients, API_PROCESSES=auto`,
      async run(options) {
        const all = await loadTest('auto', options);
        return {
          verify_http_rps_all_cores: all.rps,
          verify_http_all_cores_p99_ms: all.p99,
          ...(all.cpuPerRequest === undefined ? {} : { verify_http_all_cores_cpu_us: all.cpuPerRequest }),
        };
      },
    }];
  },
};
