import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteBus } from '@healthcred/bus';
import { loadConfig } from '@healthcred/config';
import { createDocumentLoader } from '@healthcred/document-loader';
import { trustEntryOf, verifyCredential } from '@healthcred/credentials';
import { buildDidDocument, generateIssuerKeySet, writeIssuerKeyFile } from '@healthcred/issuer-identity';
import { openSqliteStore } from '@healthcred/store';
// @ts-expect-error plain JS module shared with scripts/backfill-crash.mjs
import { backfillTrackedEntity as trackedEntity } from '@healthcred/testing';
import { startProcess, stopProcess, until } from '../lib/child.js';
import type { BenchmarkModule } from '../measure.js';

const ISSUER_URL = 'http://localhost:8080';

/**
 * The whole embedded pipeline: DHIS2 tracker payloads published to the DHIS2 topic → a running `healthcred issuer`
 * process maps, signs and stores them → stored credentials. Events per second from the first publish until the
 * last credential is stored; a sample of the stored credentials is verified afterwards.
 */
export const pipelineBenchmarks: BenchmarkModule = {
  name: 'pipeline',
  async setup() {
    return [{
      name: 'pipeline_per_s', label: 'DHIS2 payload → stored credential, `healthcred issuer`, embedded tier',
      async run(options) {
        const events = Math.max(2000, Math.round(options.seconds * 2500));
        const dataDir = mkdtempSync(join(tmpdir(), 'healthcred-bench-'));
        const keys = generateIssuerKeySet({ did: loadConfig({ ISSUER_URL }).issuerDid });
        writeIssuerKeyFile(join(dataDir, 'issuer-key.json'), keys);
        const bus = openSqliteBus({ path: join(dataDir, 'events.sqlite') });
        const store = openSqliteStore({ path: join(dataDir, 'store.sqlite') });
        const issuer = startProcess('packages/cli/dist/main.js', ['issuer'], { HEALTHCRED_DATA_DIR: dataDir, ISSUER_URL });
        try {
          await until(async () => {
            if (issuer.exitCode !== null) throw new Error('the issuer process exited (its message is above)');
            return (await bus.readOffsets('healthcred-issuer-certify')).length > 0;
          }, 'the issuer to join its groups');
          const start = performance.now();
          for (let n = 0; n < events; n += 500) {
            await bus.publish('dhis2.hooks', Array.from({ length: Math.min(500, events - n) },
              (_, i) => ({ value: JSON.stringify(trackedEntity(n + i)) })));
          }
          await until(async () => (await store.count()) >= events, 'every credential', 300_000, 100);
          const perSecond = events / ((performance.now() - start) / 1000);
          const didDocument = buildDidDocument(keys);
          const documentLoader = createDocumentLoader({ contextBaseUrls: [ISSUER_URL], didDocuments: [didDocument] });
          const trustedIssuers = [trustEntryOf({ did: keys.did, url: ISSUER_URL, didDocument }, { name: 'Ministry of Health', country: 'LK' })];
          for (const certificate of await store.list({ limit: 20 })) {
            const result = await verifyCredential({ credential: certificate.credential, documentLoader, trustedIssuers });
            if (!result.verified) throw new Error(`a stored credential does not verify: ${JSON.stringify(result.errors)}`);
          }
          return perSecond;
        } finally {
          await stopProcess(issuer);
          await bus.close();
          await store.close();
          rmSync(dataDir, { recursive: true, force: true });
        }
      },
    }];
  },
};
