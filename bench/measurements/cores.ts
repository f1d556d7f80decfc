import { availableParallelism } from 'node:os';
import { buildVaccinationCredential, createIssuer, generateCertificateId, issueCredential } from '@healthcred/credentials';
import { createSigningPool } from '@healthcred/issuance';
import { generateIssuerKeySet } from '@healthcred/issuer-identity';
import { mockVaccinationRecord as benchRecord } from '@healthcred/testing';
import { cpuMicros } from '../lib/cpu.js';
import { opsPerSecond, type BenchmarkModule, type MeasureOptions } from '../measure.js';

const ISSUER_URL = 'https://certificates.health.example.gov.lk';
const ISSUER_DID = 'did:web:certificates.health.example.gov.lk';
const BATCH = 200;
/** Credentials each signing thread signs before the clock runs (the main thread's warm-up signs about as many). */
const WARM_UP_PER_THREAD = 2000;

/** Rate and CPU time of an operation, µs per credential: of the process (every thread) and of its main thread. */
async function measured(operation: () => Promise<unknown>, credentials: number, options: MeasureOptions) {
  await opsPerSecond(operation, { seconds: options.warmupSeconds ?? Math.min(0.5, options.seconds / 4), warmupSeconds: 0 });
  const process0 = process.cpuUsage();
  const main0 = cpuMicros({ thread: process.pid });
  const start = performance.now();
  let count = 0;
  while (performance.now() - start < options.seconds * 1000) {
    await operation();
    count += credentials;
  }
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(process0);
  const main1 = cpuMicros({ thread: process.pid });
  return {
    rate: count / seconds, processCpu: (used.user + used.system) / count,
    mainCpu: main0 === undefined || main1 === undefined ? undefined : (main1 - main0) / count,
  };
}

/**
 * Issuing on every core with a signing pool (one thread per core, two batches of 200 in flight as two consumers
 * keep them), between two measurements of issuing on the main thread, so that their ratio comes from the same minutes
 * of a noisy machine. Beside the rates, the CPU time per credential, which the machine's load does not change: with
 * the pool, of the whole process and of its main thread alone (cutting batches, copying them and the proofs between
 * threads); on one core, the floor. `issue_all_cores_cpu_efficiency` (one core's CPU per credential over the pool's)
 * times the cores is the scaling the pool allows on cores it has to itself, while its main thread stays idle enough.
 */
export const coreBenchmarks: BenchmarkModule = {
  name: 'cores',
  async setup() {
    const keys = generateIssuerKeySet({ did: ISSUER_DID });
    const issuer = createIssuer({ keys, url: ISSUER_URL });
    const batch = Array.from({ length: BATCH }, () => buildVaccinationCredential(benchRecord(), {
      issuer, certificateId: generateCertificateId(), issuedAt: new Date().toISOString(),
    }));
    const threads = availableParallelism();
    return [{
      name: 'issue_per_s_all_cores', label: `createSigningPool, ${threads} threads, batches of ${BATCH}, beside issueCredential`,
      async run(options) {
        let next = 0;
        const oneCore = () => issueCredential({ credential: batch[next++ % BATCH]!, issuer });
        const before = await measured(oneCore, 1, options);
        const pool = createSigningPool({ keys, url: ISSUER_URL, threads });
        try {
          // The threads start (loading modules) and warm up before the clock runs, as a service starts them once. By
          // work, not by time: on a busy machine a second is not enough for each thread's JIT (its CPU time per
          // credential then starts twice the main thread's, which had its own warm-up).
          for (let warmed = 0; warmed < WARM_UP_PER_THREAD * threads; warmed += BATCH) await pool.sign(batch, new Date());
          const all = await measured(() => Promise.all([pool.sign(batch, new Date()), pool.sign(batch, new Date())]), 2 * BATCH, options);
          // One core again after, so that the ratios are to the mean of the minutes before and after.
          const after = await measured(oneCore, 1, options);
          const oneRate = (before.rate + after.rate) / 2;
          const oneCpu = (before.processCpu + after.processCpu) / 2;
          return {
            issue_per_s_all_cores: all.rate,
            issue_all_cores_scaling: all.rate / oneRate,
            issue_cpu_us: oneCpu,
            issue_all_cores_cpu_us: all.processCpu,
            ...(all.mainCpu === undefined ? {} : { issue_all_cores_main_thread_us: all.mainCpu }),
            issue_all_cores_cpu_efficiency: oneCpu / all.processCpu,
          };
        } finally {
          await pool.close();
        }
      },
    }];
  },
};
