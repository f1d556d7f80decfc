// Throughput of the SQLite bus (+ store). Run after building: node packages/bus/bench/sqlite-throughput.mjs
// SYNC=normal measures the store with synchronous 'normal'.
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { randomUUID } from 'node:crypto';
import { openSqliteBus } from '@healthcred/bus';
import { openSqliteStore } from '@healthcred/store';
const dir = mkdtempSync(join(tmpdir(), 'healthcred-bench-'));
const bus = openSqliteBus({ path: join(dir, 'bus.db') });
const store = openSqliteStore({ path: join(dir, 'store.db'), synchronous: process.env.SYNC ?? 'full' });
const N = 20000;
const value = JSON.stringify({ payload: 'x'.repeat(1000) });
let t = performance.now();
for (let i = 0; i < N; i += 500) await bus.publish('events', Array.from({ length: 500 }, (_, j) => ({ key: `k${(i + j) % 97}`, value })));
console.log('publish (batches of 500):', Math.round(N / ((performance.now() - t) / 1000)), 'msg/s');
t = performance.now();
for (let i = 0; i < 500; i += 1) await bus.publish('single', [{ key: 'k', value }]);
console.log('publish (1 per call, fsync each):', Math.round(500 / ((performance.now() - t) / 1000)), 'msg/s');
for (const withStore of [false, true]) {
  let done = 0; t = performance.now();
  await new Promise(async (resolve) => {
    const sub = await bus.subscribe({ groupId: `g-${withStore}`, topics: ['events'], fromBeginning: true, handle: async (m) => {
      if (withStore) await store.saveIssued({ certificateId: randomUUID(), credentialId: randomUUID(), kind: 'vaccination', sourceKey: `s${m.partition}:${m.offset}`, contentHash: 'a', subjectId: 'x', dob: '1990-01-01', issuedAt: new Date().toISOString(), credential: { v: m.value } });
      if (++done === N) { await Promise.resolve(); setImmediate(() => sub.stop().then(resolve)); }
    } });
  });
  console.log(withStore ? 'consume + saveIssued (store synchronous ' + (process.env.SYNC ?? 'full') + '):' : 'consume, commit per message:', Math.round(N / ((performance.now() - t) / 1000)), 'msg/s');
}
await bus.close(); await store.close();
