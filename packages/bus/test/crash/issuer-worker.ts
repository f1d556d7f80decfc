/**
 * A stand-in issuer process for the crash test: consumes `events` in group `issuer` from the SQLite bus and saves
 * one certificate per event in the SQLite store, slowly enough to be killed mid-stream.
 * Usage: node --import tsx issuer-worker.ts <bus.db> <store.db>
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { openSqliteBus } from '@healthcred/bus';
import { openSqliteStore } from '@healthcred/store';

const [busPath, storePath] = process.argv.slice(2);
if (busPath === undefined || storePath === undefined) throw new Error('usage: issuer-worker.ts <bus.db> <store.db>');

const bus = openSqliteBus({ path: busPath, pollIntervalMs: 10, retryDelayMs: 50, leaseMs: 300, batchSize: 20 });
const store = openSqliteStore({ path: storePath });
const subscription = await bus.subscribe({
  groupId: 'issuer',
  topics: ['events'],
  fromBeginning: true,
  handle: async (message) => {
    const { n } = JSON.parse(message.value) as { n: number };
    await sleep(10);
    await store.saveIssued({
      certificateId: `C-${randomUUID()}`,
      credentialId: `urn:uuid:${randomUUID()}`,
      kind: 'vaccination',
      sourceKey: `event:${n}`,
      contentHash: 'a'.repeat(64),
      subjectId: `did:pseudonym:${n % 50}`,
      dob: '1990-01-01',
      issuedAt: new Date().toISOString(),
      credential: { id: `event-${n}` },
    });
  },
});
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void subscription.stop().then(() => Promise.all([bus.close(), store.close()])).then(() => process.exit(0));
});
