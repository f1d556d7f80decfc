import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@healthcred/config';
import { buildVaccinationCredential, createIssuer, generateCertificateId, issueCredential } from '@healthcred/credentials';
import { generateIssuerKeySet, writeIssuerKeyFile } from '@healthcred/issuer-identity';
import { statusEntryForPosition } from '@healthcred/status-list';
import { startProcess, stopProcess, until } from '../lib/child.js';
import { mockVaccinationRecord as benchRecord } from '../../packages/credentials/test/fixtures/records.js';
import type { BenchmarkModule } from '../measure.js';

const CLIENTS = 200;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

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
 * `POST /credentials/verify` under load: the API runs as its own process (`services/api`, embedded tier); 200
 * clients on keep-alive connections each send the next request as soon as the last is answered. Requests per
 * second and the 99th percentile latency; every answer must say verified.
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
          const latencies: number[] = [];
          const run = async (seconds: number, record: boolean) => {
            const end = performance.now() + seconds * 1000;
            await Promise.all(Array.from({ length: CLIENTS }, async () => {
              while (performance.now() < end) {
                const sent = performance.now();
                const answer = await post(agent, port, body);
                if (answer.status !== 200 || !answer.text.startsWith('{"verified":true')) throw new Error(`unexpected answer ${answer.status}: ${answer.text.slice(0, 200)}`);
                if (record) latencies.push(performance.now() - sent);
              }
            }));
          };
          await run(Math.min(1, options.seconds / 2), false);
          const start = performance.now();
          await run(Math.max(3, options.seconds), true);
          const elapsed = (performance.now() - start) / 1000;
          latencies.sort((a, b) => a - b);
          return {
            verify_http_rps: latencies.length / elapsed,
            verify_http_p99_ms: latencies[Math.floor(latencies.length * 0.99)]!,
            verify_http_p50_ms: latencies[Math.floor(latencies.length * 0.5)]!,
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
