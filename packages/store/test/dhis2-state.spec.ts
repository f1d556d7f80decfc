import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import {
  connectMongoOrgUnitDirectory, connectMongoSyncWatermarks, openSqliteOrgUnitDirectory, openSqliteSyncWatermarks,
} from '@healthcred/store';
import { describeOrgUnitDirectoryContract } from './contract/org-unit-directory-contract.js';
import { describeSyncWatermarksContract } from './contract/sync-watermarks-contract.js';

/** A fresh SQLite file in a temp directory, opened by `open` as often as asked; destroy closes all and deletes it. */
function sqliteHarness<T extends { close(): Promise<void> }>(open: (path: string) => Promise<T>) {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hc-dhis2-state-'));
    const path = join(dir, 'dhis2.sqlite');
    const opened = [await open(path)];
    return { first: opened[0]!, again: async () => { opened.push(await open(path)); return opened.at(-1)!; },
      destroy: async () => { await Promise.all(opened.map((o) => o.close())); rmSync(dir, { recursive: true, force: true }); } };
  };
}

function mongoHarness<T extends { close(): Promise<void> }>(uri: string, open: (dbName: string) => Promise<T>) {
  return async () => {
    const dbName = `healthcred_state_${randomUUID().slice(0, 8)}`;
    const opened = [await open(dbName)];
    return { first: opened[0]!, again: async () => { opened.push(await open(dbName)); return opened.at(-1)!; },
      destroy: async () => {
        await Promise.all(opened.map((o) => o.close()));
        const admin = await mongoose.createConnection(uri, { dbName }).asPromise();
        await admin.dropDatabase();
        await admin.close();
      } };
  };
}

const adapters = [{ name: 'SQLite', sqlite: true }, { name: 'MongoDB', sqlite: false }];
const uri = process.env['MONGODB_URI'];
if (uri === undefined || uri === '') console.log('NOTICE: MongoDB OrgUnitDirectory/SyncWatermarks contracts skipped: MONGODB_URI is not set');

for (const { name, sqlite } of adapters.filter((a) => a.sqlite || (uri !== undefined && uri !== ''))) {
  describeOrgUnitDirectoryContract({
    name,
    async create() {
      const make = sqlite ? sqliteHarness((path) => openSqliteOrgUnitDirectory({ path }))
        : mongoHarness(uri!, (dbName) => connectMongoOrgUnitDirectory({ uri: uri!, dbName }));
      const { first, again, destroy } = await make();
      return { directory: first, again, destroy };
    },
  });
  describeSyncWatermarksContract({
    name,
    async create(now) {
      const make = sqlite ? sqliteHarness((path) => openSqliteSyncWatermarks({ path, now }))
        : mongoHarness(uri!, (dbName) => connectMongoSyncWatermarks({ uri: uri!, dbName, now }));
      const { first, again, destroy } = await make();
      return { marks: first, again, destroy };
    },
  });
}
