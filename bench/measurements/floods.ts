import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@healthcred/config';
import { createIssuer } from '@healthcred/credentials';
import { issueCertificate } from '@healthcred/issuance';
import { generateIssuerKeySet, writeIssuerKeyFile } from '@healthcred/issuer-identity';
import { openSqliteStore } from '@healthcred/store';
import { freePort, startProcess, stopProcess, until } from '../lib/child.js';
import { cpuMicros } from '../lib/cpu.js';
import { mockVaccinationRecord as benchRecord } from '@healthcred/testing';
import { call, flood, percentile, type FloodResult } from '../../services/api/test/fixtures/flood.js';
import { costlyImages } from '../../services/api/test/fixtures/images.js';
import type { BenchmarkModule } from '../measure.js';

/** Certificates downloaded once each while the PDF threads warm up (start, JIT, fonts), then once each timed. */
const WARM_UP = 199;
const TIMED = 400;
/** Certificates issued into the API's store before it starts: one to flood, then those downloaded once each. */
const CERTIFICATES = 1 + WARM_UP + TIMED;

/** An API process (embedded tier, default work limits) over a store holding `CERTIFICATES` certificates. */
async function startApi(env: Record<string, string>) {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'healthcred-bench-floods-'));
  const keys = generateIssuerKeySet({ did: loadConfig({ ISSUER_URL: url }).issuerDid });
  writeIssuerKeyFile(join(dataDir, 'issuer-key.json'), keys);
  const store = openSqliteStore({ path: join(dataDir, 'store.sqlite') });
  const issuer = createIssuer({ keys, url });
  const record = benchRecord();
  const ids: string[] = [];
  for (let n = 0; n < CERTIFICATES; n++) {
    const saved = await issueCertificate({
      sourceKey: `bench:${n}`, kind: 'vaccination', record: { ...record, recipient: { ...record.recipient, refId: `Bench${n}` } },
    }, { store, issuer });
    ids.push(saved.certificate.certificateId);
  }
  await store.close();
  const api = startProcess('services/api/dist/main.js', [], { HEALTHCRED_DATA_DIR: dataDir, ISSUER_URL: url, PORT: String(port), ...env });
  const agent = new Agent({ keepAlive: true });
  try {
    await until(async () => {
      if (api.exitCode !== null) throw new Error('the API process exited (its message is above)');
      return (await call(agent, port, '/health').catch(() => ({ status: 0 }))).status === 200;
    }, 'the API');
  } finally {
    agent.destroy();
  }
  return {
    port, ids, pdfPath: (id: string) => `/certificates/${id}/pdf?dob=${record.recipient.dob}`,
    /** CPU time (µs) of the API process so far: all its threads. Undefined where there is no /proc. */
    cpu: () => cpuMicros({ pid: api.pid! }),
    async stop() {
      await stopProcess(api);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

type Api = Awaited<ReturnType<typeof startApi>>;

/**
 * Downloads each of `ids` once from 16 connections (each rendered): PDFs a second, and the API's CPU time per PDF
 * (main thread, PDF threads, V8's helpers), which does not depend on what else the machine runs.
 */
async function renderEach(api: Api, ids: string[]): Promise<{ perS: number; cpuMs?: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  try {
    const cpuBefore = api.cpu();
    const started = performance.now();
    const answers = await Promise.all(ids.map((id) => call(agent, api.port, api.pdfPath(id))));
    const ok = answers.filter((answer) => answer.status === 200).length;
    const perS = ok / ((performance.now() - started) / 1000);
    return cpuBefore === undefined ? { perS } : { perS, cpuMs: (api.cpu()! - cpuBefore) / 1000 / ok };
  } finally {
    agent.destroy();
  }
}

const health = (result: FloodResult) => ({
  p99: percentile(result.health, 0.99), quiet: Math.max(...result.quiet.map((latencies) => percentile(latencies, 0.99))),
});

/**
 * One client floods the API (its own process, default limits but for the per-client request limits, lifted so the
 * worker pools and the cache are what is measured; the client on a thread below the API's priority, as an
 * attacker's CPU is not the server's) while `GET /health` is asked every 10 ms: the PDF of one
 * certificate from 16 connections (served from the cache after one rendering), then `WARM_UP` and `TIMED`
 * certificates' PDFs once each (each rendered: the first while the PDF threads warm up), then `POST /verify/qr` with
 * costly images from 8 connections.
 */
export const floodBenchmarks: BenchmarkModule = {
  name: 'floods',
  async setup() {
    const images = costlyImages();
    const seconds = (options: { seconds: number }) => Math.max(4, options.seconds);
    return [{
      name: 'pdf_flood', label: 'GET /certificates/{id}/pdf, one client, 16 connections, one id/birth-date pair',
      async run(options) {
        const api = await startApi({ CITIZEN_DOWNLOADS_PER_MINUTE: '10000000' });
        try {
          const result = await flood({ port: api.port, connections: 16, seconds: seconds(options), requests: [{ path: api.pdfPath(api.ids[0]!) }] });
          if (Object.keys(result.statuses).join() !== '200') throw new Error(`unexpected answers ${JSON.stringify(result.statuses)}`);
          const cold = await renderEach(api, api.ids.slice(1, 1 + WARM_UP));
          const warm = await renderEach(api, api.ids.slice(1 + WARM_UP));
          const { p99, quiet } = health(result);
          const cores = availableParallelism();
          return {
            pdf_cached_per_s: result.statuses[200]! / seconds(options), pdf_rendered_per_s: warm.perS, pdf_rendered_cold_per_s: cold.perS,
            // On cores of its own, with a PDF thread each (the default), the API renders cores × 1000 / cpu_ms a second.
            ...(warm.cpuMs === undefined || cold.cpuMs === undefined ? {} : {
              pdf_rendered_cpu_ms: warm.cpuMs, pdf_rendered_cold_cpu_ms: cold.cpuMs,
              pdf_rendered_per_s_cpu_all_cores: (cores * 1000) / warm.cpuMs,
              pdf_rendered_cpu_all_cores_vs_250_goal: (cores * 1000) / warm.cpuMs / 250,
            }),
            health_p99_pdf_flood_ms: p99, health_p99_quiet_ms: quiet,
          };
        } finally {
          await api.stop();
        }
      },
    }, {
      name: 'image_flood', label: 'POST /verify/qr, one client, 8 connections, costly images',
      async run(options) {
        const api = await startApi({ VERIFY_REQUESTS_PER_MINUTE: '10000000' });
        try {
          const result = await flood({
            port: api.port, connections: 8, seconds: seconds(options),
            requests: images.map((body) => ({ path: '/verify/qr', method: 'POST', type: 'image/png', body })),
          });
          if (Object.keys(result.statuses).some((status) => !['400', '503'].includes(status))) {
            throw new Error(`unexpected answers ${JSON.stringify(result.statuses)}`);
          }
          const answered = Object.values(result.statuses).reduce((sum, count) => sum + count, 0);
          return { image_flood_answers_per_s: answered / seconds(options), health_p99_image_flood_ms: health(result).p99 };
        } finally {
          await api.stop();
        }
      },
    }];
  },
};
