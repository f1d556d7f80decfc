import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@healthcred/config';
import {
  buildVaccinationCredential, createIssuer, generateCertificateId, holdIssuer, issueCredential, trustEntryOf, verifyCredential,
} from '@healthcred/credentials';
import { createStatusLists } from '@healthcred/issuance';
import { generateIssuerKeySet, writeIssuerKeyFile, type IssuerKeySet } from '@healthcred/issuer-identity';
import { statusEntryForPosition } from '@healthcred/status-list';
import { openSqliteStore } from '@healthcred/store';
import type { SignedHealthCredential } from '@healthcred/types';
import { treeCpuMicros } from '../lib/cpu.js';
import { freePort, startProcess, stopProcess, until } from '../lib/child.js';
import { mockVaccinationRecord as benchRecord } from '@healthcred/testing';
import { opsPerSecond, type BenchmarkModule, type MeasureOptions } from '../measure.js';

const CLIENTS = 200;

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
 * CPU time of verifying the credential in this process as the API does it (its issuer trusted, its status read from a
 * SQLite store through the status lists): µs per verification.
 */
async function inProcessCpu(url: string, keys: IssuerKeySet, credential: SignedHealthCredential, options: MeasureOptions) {
  const issuer = createIssuer({ keys, url });
  const store = openSqliteStore({ path: ':memory:' });
  const statusLists = createStatusLists({ store, issuer: holdIssuer(issuer), ttlSeconds: 300 });
  const trustedIssuers = [trustEntryOf(issuer, { name: 'Ministry of Health', country: 'ZZ' })];
  const text = JSON.stringify(credential);
  const verify = () => verifyCredential({
    credential: JSON.parse(text), documentLoader: issuer.documentLoader, trustedIssuers, checkStatus: (entry) => statusLists.check(entry),
  });
  try {
    if (!(await verify()).verified) throw new Error('the benchmark credential does not verify in process');
    await opsPerSecond(verify, { seconds: 0.5, warmupSeconds: 0 });
    const before = process.cpuUsage();
    let count = 0;
    for (const end = performance.now() + options.seconds * 1000; performance.now() < end; count++) await verify();
    const used = process.cpuUsage(before);
    return (used.user + used.system) / count;
  } finally {
    await store.close();
  }
}

/**
 * Loads `POST /credentials/verify` of an API run as its own process (`services/api`, embedded tier, `processes`
 * API_PROCESSES) with 200 clients on keep-alive connections. Closed loop (each client sends its next request as soon
 * as the last is answered): the requests per second the API sustains, the latencies then (queueing included: 200 /
 * rps at least) and the API's CPU time per request (of all its processes and threads, from /proc: what the load
 * generator and the rest of the machine cost does not count). Open loop at half that rate (each client scans at a
 * fixed interval, as verifiers at gates do): the 99th percentile latency of an API that is not saturated. Every
 * answer must say verified.
 */
async function loadTest(processes: string, options: MeasureOptions) {
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
    // Closed loop: each client sends its next request as soon as the last is answered (the throughput ceiling).
    const closedLoop = async (seconds: number, latencies: number[]) => {
      const end = performance.now() + seconds * 1000;
      await Promise.all(Array.from({ length: CLIENTS }, async () => {
        while (performance.now() < end) await verifyOnce(latencies);
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
    await closedLoop(Math.min(1, options.seconds / 2), []);
    const closed: number[] = [];
    const cpuBefore = treeCpuMicros(api.pid!);
    const start = performance.now();
    await closedLoop(Math.max(3, options.seconds), closed);
    const rps = closed.length / ((performance.now() - start) / 1000);
    const cpuAfter = treeCpuMicros(api.pid!);
    const halfLoad: number[] = [];
    await openLoop(Math.max(3, options.seconds), rps / 2, halfLoad);
    return {
      rps, p50: percentile(closed, 0.5), p99: percentile(closed, 0.99), halfLoadP99: percentile(halfLoad, 0.99),
      cpuPerRequest: cpuBefore === undefined || cpuAfter === undefined ? undefined : (cpuAfter - cpuBefore) / closed.length,
      keys, credential, url,
    };
  } finally {
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
        const one = await loadTest('1', options);
        const inProcess = await inProcessCpu(one.url, one.keys, one.credential, options);
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
