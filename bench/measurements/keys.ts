import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIssuer, holdIssuer, trustEntryOf, verifyCredential } from '@healthcred/credentials';
import { createDocumentLoader } from '@healthcred/document-loader';
import { reissueKeyCertificates } from '@healthcred/issuance';
import { generateIssuerKeySet, revokeIssuerKey } from '@healthcred/issuer-identity';
import { openSqliteStore } from '@healthcred/store';
// @ts-expect-error plain JS module shared with scripts/key-compromise-drill.mjs
import { issueMany } from '../../scripts/lib/certificates.mjs';
import type { BenchmarkModule } from '../measure.js';

const ISSUER_URL = 'http://localhost:8080';

/**
 * The re-issue after a key revocation: certificates signed by a key are issued into a SQLite store (embedded tier,
 * `synchronous=FULL`), the key is revoked, and `reissueKeyCertificates` (what `healthcred keys revoke` runs) re-issues
 * them all under the new key. Certificates re-issued per second; a sample of the re-issued ones is verified.
 */
export const keyBenchmarks: BenchmarkModule = {
  name: 'keys',
  async setup() {
    return [{
      name: 'reissue_per_s', label: 'key revocation: re-issue every certificate the key signed, embedded tier',
      async run(options) {
        const count = Math.max(2000, Math.round(options.seconds * 5000));
        const dir = mkdtempSync(join(tmpdir(), 'healthcred-bench-keys-'));
        const store = openSqliteStore({ path: join(dir, 'store.sqlite') });
        try {
          const keys = generateIssuerKeySet({ did: 'did:web:localhost%3A8080' });
          await issueMany({ store, keys, url: ISSUER_URL, count });
          const revoked = revokeIssuerKey(keys, { keyId: keys.keys[0]!.id, reason: 'benchmark' });
          const issuer = createIssuer({ keys: revoked, url: ISSUER_URL });
          const result = await reissueKeyCertificates({
            keyId: keys.keys[0]!.id, reason: 'benchmark', actor: 'bench', settleMs: 0,
          }, { store, issuer: holdIssuer(issuer) });
          if (result.reissued !== count) throw new Error(`re-issued ${result.reissued} of ${count} certificates`);
          const documentLoader = createDocumentLoader({ contextBaseUrls: [ISSUER_URL], didDocuments: [issuer.didDocument] });
          const trustedIssuers = [trustEntryOf(issuer, { name: 'Ministry of Health', country: 'LK' })];
          for (const certificate of await store.list({ status: 'issued', limit: 20 })) {
            const verified = await verifyCredential({ credential: certificate.credential, documentLoader, trustedIssuers });
            if (!verified.verified) throw new Error(`a re-issued credential does not verify: ${JSON.stringify(verified.errors)}`);
          }
          return result.perSecond;
        } finally {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        }
      },
    }];
  },
};
