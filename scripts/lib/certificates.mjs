// Issues many certificates straight into a store (no event bus), signing on every core: the starting point of the
// key-compromise drill and of the re-issue benchmark. Each certificate is the example vaccination record with its own
// source key, holder id and batch, so each has its own content hash.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createIssuer } from '@healthcred/credentials';
import { createSigningPool, issueCertificates } from '@healthcred/issuance';

const RECORD = JSON.parse(readFileSync(new URL('../../examples/vaccination-record.json', import.meta.url), 'utf8'));
const BATCH = 1000;

/** The certification request of certificate number `n`. */
export function certificationRequest(n) {
  return {
    sourceKey: `drill:${n}`, kind: 'vaccination',
    record: {
      ...RECORD, recipient: { ...RECORD.recipient, refId: `REF${String(n).padStart(8, '0')}` },
      vaccination: { ...RECORD.vaccination, batch: `LOT-${n}` },
    },
  };
}

/**
 * Issues `count` certificates signed with the active key of `keys` for the issuer at `url` into `store`, in batches
 * of 1000 on a signing pool; `onBatch(done)` after each batch. Returns certificates issued per second.
 */
export async function issueMany({ store, keys, url, count, onBatch }) {
  const issuer = createIssuer({ keys, url });
  const signingPool = createSigningPool({ keys, url, threads: availableParallelism() });
  const started = performance.now();
  try {
    for (let n = 0; n < count; n += BATCH) {
      const requests = Array.from({ length: Math.min(BATCH, count - n) }, (_, i) => certificationRequest(n + i));
      await issueCertificates(requests, { store, issuer, signingPool });
      await onBatch?.(Math.min(n + BATCH, count));
    }
  } finally {
    await signingPool.close();
  }
  return count / ((performance.now() - started) / 1000);
}
