import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { programmeReport } from '@healthcred/stats';
import { openSqliteStore, type NewCertificate } from '@healthcred/store';
import type { BenchmarkModule } from '../measure.js';

const CERTIFICATES = 100_000;

/** A stored certificate with a credential of a real one's size (about 1.5 KB) and programme facts. */
function certificate(n: number): NewCertificate {
  return {
    certificateId: `CERT-${String(n).padStart(9, '0')}`,
    credentialId: `urn:uuid:00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, kind: 'vaccination',
    sourceKey: `dhis2:TE${String(n).padStart(9, '0')}:EV${n}:1`, contentHash: 'a'.repeat(64), subjectId: `holder-${n}`,
    dob: '1985-04-12', issuedAt: `2026-03-${String(1 + (n % 28)).padStart(2, '0')}T10:00:00Z`, statusListIndex: n,
    credential: { credentialSubject: { name: `Person ${n}`, dob: '1985-04-12' }, filler: 'x'.repeat(1400) },
    programme: {
      day: `2026-03-${String(1 + (n % 28)).padStart(2, '0')}`, orgUnit: `Facility${String(n % 40).padStart(3, '0')}`,
      vaccine: ['COVISHIELD', 'Comirnaty'][n % 2]!, dose: 1 + (n % 3), sex: ['Female', 'Male'][n % 2]!, age: 18 + (n % 60),
    },
  };
}

/**
 * Erasure and programme counts on a SQLite store of 100,000 certificates (about 230 MB): one holder's erasure
 * (secure delete, VACUUM, WAL truncation: the vacuum rewrites the file, so this grows with it), and the `/stats`
 * report (grouping in SQLite, roll-up and suppression in JS).
 */
export const privacyBenchmarks: BenchmarkModule = {
  name: 'privacy',
  async setup() {
    const dir = mkdtempSync(join(tmpdir(), 'healthcred-bench-privacy-'));
    const path = join(dir, 'store.sqlite');
    const store = openSqliteStore({ path, synchronous: 'normal' });
    for (let n = 0; n < CERTIFICATES; n += 1000) {
      await store.saveIssuedMany(Array.from({ length: 1000 }, (_, k) => certificate(n + k)));
    }
    // The store serves every run (an erasure per run); the file goes when the process ends.
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    let next = 0;
    return [{
      name: 'privacy', label: `erasure and /stats on a SQLite store of ${CERTIFICATES.toLocaleString('en')} certificates`,
      async run() {
        const megabytes = statSync(path).size / 1e6;
        const erasing = performance.now();
        await store.eraseSubject(certificate(next++).certificateId);
        const eraseMs = performance.now() - erasing;
        const counting = performance.now();
        const report = programmeReport(await store.countProgramme(), { minCell: 5, ageBands: [0, 12, 18, 30, 45, 60, 75] });
        const statsMs = performance.now() - counting;
        return { erase_ms: eraseMs, erase_store_mb: megabytes, stats_ms: statsMs, stats_cells: report.cells.length };
      },
    }];
  },
};
