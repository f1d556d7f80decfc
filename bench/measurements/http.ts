import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@healthcred/config';
import { buildVaccinationCredential, createIssuer, generateCertificateId, issueCredential } from '@healthcred/credentials';
import { generateIssuerKeySet, writeIssuerKeyFile } from '@healthcred/issuer-identity';
import { statusEntryForPosition } from '@healthcred/status-list';
import { freePort, startProcess, stopProcess, until } from '../lib/child.js';
import { mockVaccinationRecord as benchRecord } from '@healthcred/testing';
import type { BenchmarkModule } from '../measure.js';

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

/**
 * `POST /credentials/verify` under load: the API runs as its own process (`services/api`, embedded tier), 200 clients
 * on keep-alive connections. Closed loop (each client sends its next request as soon as the last is answered): the
 * requests per second the API sustains, and the latencies then (queueing included: 200 / rps at least). Open loop at
 * half that rate (each client scans at a fixed interval, as verifiers at gates do): the 99th percentile latency of
 * an API that is not saturated. Every answer must say verified.
 */
export const httpBenchmarks: BenchmarkModule = {
  name: 'http',
  async setup() {
    return [{
      name: 'verify_http', label: `POST /credentials/verify, ${CLIENTS} concurrent clients`,
      async run(options) {
        const port = await freePort();
        const url = `http://localhost:${port}`;
        const dataDir = mkdtempSync(join(tmpdir(), 'healthcred-bench-http-'));
        const keys = generateIssuerKeySet({ did: loadConfig({ ISSUER_URL: url }).issuerDid });
        writeIssuerKeyFile(join(dataDir, 'issuer-key.json'), keys);
        const issuer = createIssuer({ keys, url });
        const credential = await issueCredential({
          credential: buildVaccinationCredential(benchRecord(), {
            issuer, certificateId: generateCertificateId(), issuedAt: new Date().toISOString(), credentialStatus: statusEntryForPosition(0, url),
          }), issuer,
        });
        const body = JSON.stringify({ verifiableCredential: credential });
        const api = startProcess('services/api/dist/main.js', [], {
          HEALTHCRED_DATA_DIR: dataDir, ISSUER_URL: url, PORT: String(port), VERIFY_REQUESTS_PER_MINUTE: '10000000',
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
          const start = performance.now();
          await closedLoop(Math.max(3, options.seconds), closed);
          const rps = closed.length / ((performance.now() - start) / 1000);
          const halfLoad: number[] = [];
          await openLoop(Math.max(3, options.seconds), rps / 2, halfLoad);
          return {
            verify_http_rps: rps,
            verify_http_p50_ms: percentile(closed, 0.5),
            verify_http_p99_ms: percentile(closed, 0.99),
            verify_http_half_load_rps: rps / 2,
            verify_http_half_load_p99_ms: percentile(halfLoad, 0.99),
          };
        } finally {
          agent.destroy();
          await stopProcess(api);
          rmSync(dataDir, { recursive: true, force: true });
        }
      },
    }];
  },
};
