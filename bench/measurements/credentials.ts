import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import * as vc from '@digitalbazaar/vc';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { Ed25519VerificationKey2020 } from '@digitalbazaar/ed25519-verification-key-2020';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {
  buildVaccinationCredential, createIssuer, generateCertificateId, issueCredential, toVc2Credential, trustEntryOf,
  verifyCredential,
} from '@healthcred/credentials';
import { createDocumentLoader } from '@healthcred/document-loader';
import { generateIssuerKeySet } from '@healthcred/issuer-identity';
import { vc2StatusEntryForPosition } from '@healthcred/status-list';
import { mockVaccinationRecord as benchRecord } from '@healthcred/testing';
import { cpuMicros } from '../lib/cpu.js';
import { opsPerSecond, type BenchmarkModule, type MeasureOptions } from '../measure.js';

const ISSUER_URL = 'https://certificates.health.example.gov.lk';
const ISSUER_DID = 'did:web:certificates.health.example.gov.lk';

/** Alternations of the two operations in {@link alternatingCpu}: each runs for a tenth of the measuring time at a time. */
const BURSTS = 10;

/** Main-thread CPU time (µs) and count of runs of `operation`, back to back for `ms`; undefined without /proc. */
async function burst(operation: () => unknown, ms: number): Promise<{ cpu: number; count: number } | undefined> {
  const before = cpuMicros({ thread: process.pid });
  const end = performance.now() + ms;
  let count = 0;
  while (performance.now() < end) {
    await operation();
    count++;
  }
  const after = cpuMicros({ thread: process.pid });
  return before === undefined || after === undefined ? undefined : { cpu: after - before, count };
}

/**
 * Main-thread CPU time (µs) per run of `operation` and of `base`, measured in alternating bursts: their ratio is one
 * that a shared machine's load hardly moves (wall-clock rates from separate minutes do; /proc counts CPU time in
 * 10 ms ticks, so bursts of 100 ms or more). Undefined where there is no /proc.
 */
async function alternatingCpu(
  operation: () => unknown, base: () => unknown, options: MeasureOptions,
): Promise<{ operation: number; base: number } | undefined> {
  const warmUp = (options.warmupSeconds ?? Math.min(0.5, options.seconds / 4)) * 1000;
  await burst(operation, warmUp);
  await burst(base, warmUp);
  const totals = { operation: { cpu: 0, count: 0 }, base: { cpu: 0, count: 0 } };
  for (let i = 0; i < BURSTS; i++) {
    for (const [name, run] of [['operation', operation], ['base', base]] as const) {
      const measured = await burst(run, (options.seconds * 1000) / BURSTS);
      if (measured === undefined) return undefined;
      totals[name].cpu += measured.cpu;
      totals[name].count += measured.count;
    }
  }
  return { operation: totals.operation.cpu / totals.operation.count, base: totals.base.cpu / totals.base.count };
}

/**
 * Issuing and verifying one vaccination credential on one core: `@digitalbazaar/vc` with the stock key signer
 * (what a plain vc integration does) against healthcred's `issueCredential` / `verifyCredential` (issuing on every
 * core is `cores.ts`); and the same credential in its VC 2.0 form (the `vc2` profile: DataIntegrityProof,
 * eddsa-rdfc-2022, its two status entries), by `vc.issue` with `@digitalbazaar/data-integrity` against
 * `issueCredential`. `issue_beside_sign_cpu_us` and `ed25519_sign_beside_issue_cpu_us`: main-thread CPU time of
 * issuing one credential and of one raw Ed25519 signature (crypto.ts's), the two in alternating bursts (see
 * {@link alternatingCpu}): the `issue_vs_ed25519` goal measured so that the load cancels.
 */
export const credentialBenchmarks: BenchmarkModule = {
  name: 'credentials',
  async setup() {
    const issuer = createIssuer({ keys: generateIssuerKeySet({ did: ISSUER_DID }), url: ISSUER_URL });
    const credential = buildVaccinationCredential(benchRecord(), {
      issuer, certificateId: generateCertificateId(), issuedAt: new Date().toISOString(),
    });
    const stockKey = await Ed25519VerificationKey2020.generate({ controller: ISSUER_DID });
    const rawKey = generateKeyPairSync('ed25519').privateKey;
    const message = randomBytes(64);
    const verifierLoader = createDocumentLoader({ contextBaseUrls: [ISSUER_URL], didDocuments: [issuer.didDocument] });
    const signed = await issueCredential({ credential, issuer });
    const trustedIssuers = [trustEntryOf(issuer, { name: 'Ministry of Health', country: 'LK' })];
    const stockVerified = await vc.verifyCredential({
      credential: signed, suite: new Ed25519Signature2020(), documentLoader: verifierLoader,
    });
    if (!stockVerified.verified || !(await verifyCredential({ credential: signed, documentLoader: verifierLoader, trustedIssuers })).verified) {
      throw new Error('The benchmark credential does not verify.');
    }
    const vc2Issuer = createIssuer({ keys: generateIssuerKeySet({ did: ISSUER_DID }), url: ISSUER_URL, dataModel: 'vc2' });
    const vc2Credential = toVc2Credential(buildVaccinationCredential(benchRecord(), {
      issuer: vc2Issuer, certificateId: generateCertificateId(), issuedAt: new Date().toISOString(),
      credentialStatus: vc2StatusEntryForPosition(1_000_000, ISSUER_URL),
    }), ISSUER_URL);
    const vc2Signed = await issueCredential({ credential: vc2Credential, issuer: vc2Issuer });
    const vc2Trusted = [trustEntryOf(vc2Issuer, { name: 'Ministry of Health', country: 'LK' })];
    if (!(await verifyCredential({ credential: vc2Signed, documentLoader: verifierLoader, trustedIssuers: vc2Trusted })).verified) {
      throw new Error('The VC 2.0 benchmark credential does not verify.');
    }
    return [
      {
        name: 'stock_issue_per_s', label: 'vc.issue, stock key signer',
        run: (options) => opsPerSecond(() => vc.issue({
          credential: structuredClone(credential), suite: new Ed25519Signature2020({ signer: stockKey.signer() }),
          documentLoader: issuer.documentLoader,
        }), options),
      },
      {
        name: 'issue_per_s', label: 'issueCredential',
        run: (options) => opsPerSecond(() => issueCredential({ credential, issuer }), options),
      },
      {
        name: 'issue_beside_sign_cpu_us', label: 'issueCredential and crypto.sign Ed25519 alternating, CPU time',
        run: async (options) => {
          const cpu = await alternatingCpu(() => issueCredential({ credential, issuer }), () => sign(null, message, rawKey), options);
          const figures: Record<string, number> = {};
          if (cpu) Object.assign(figures, { issue_beside_sign_cpu_us: cpu.operation, ed25519_sign_beside_issue_cpu_us: cpu.base });
          return figures;
        },
      },
      {
        name: 'stock_issue_vc2_per_s', label: 'vc.issue, DataIntegrityProof eddsa-rdfc-2022 (VC 2.0)',
        run: (options) => opsPerSecond(() => vc.issue({
          credential: structuredClone(vc2Credential), documentLoader: vc2Issuer.documentLoader,
          suite: new DataIntegrityProof({ signer: vc2Issuer.multikeySigner, cryptosuite }),
        }), options),
      },
      {
        name: 'issue_vc2_per_s', label: 'issueCredential, VC 2.0 (vc2 profile)',
        run: (options) => opsPerSecond(() => issueCredential({ credential: vc2Credential, issuer: vc2Issuer }), options),
      },
      {
        name: 'stock_verify_per_s', label: 'vc.verifyCredential',
        run: (options) => opsPerSecond(() => vc.verifyCredential({
          credential: signed, suite: new Ed25519Signature2020(), documentLoader: verifierLoader,
        }), options),
      },
      {
        name: 'verify_per_s', label: 'verifyCredential',
        run: (options) => opsPerSecond(() => verifyCredential({ credential: signed, documentLoader: verifierLoader, trustedIssuers }), options),
      },
    ];
  },
};
