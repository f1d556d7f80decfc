import { join } from 'node:path';
import type { Config } from '@healthcred/config';
import {
  connectMongoOrgUnitDirectory, connectMongoSyncWatermarks, openSqliteOrgUnitDirectory, openSqliteSyncWatermarks,
  type OrgUnitDirectory, type SyncWatermarks,
} from '@healthcred/store';
import { prepareDataDir } from './data-dir.js';
import type { Logger } from './logger.js';

/** What healthcred keeps about a DHIS2 instance: its org units and the watermarks of pulls from it. */
export interface Dhis2State {
  orgUnits: OrgUnitDirectory;
  watermarks: SyncWatermarks;
  close(): Promise<void>;
}

/**
 * Opens the DHIS2 state of the configured tier: MongoDB (collections `org_units`, `sync_watermarks`) for the
 * national tier, `dhis2.sqlite` in the data directory for the embedded tier (shared by every process on it).
 * @throws HealthcredError `unavailable` saying what is wrong with the file or the connection.
 */
export async function openDhis2State(config: Config, logger: Logger): Promise<Dhis2State> {
  let orgUnits: OrgUnitDirectory;
  let watermarks: SyncWatermarks;
  if (config.tier === 'national') {
    const options = { uri: config.mongo!.uri, dbName: config.mongo!.dbName };
    orgUnits = await connectMongoOrgUnitDirectory(options);
    watermarks = await connectMongoSyncWatermarks(options).catch(async (error: unknown) => {
      await orgUnits.close();
      throw error;
    });
  } else {
    prepareDataDir(config, logger, { writable: true });
    const path = join(config.dataDir, 'dhis2.sqlite');
    orgUnits = await openSqliteOrgUnitDirectory({ path });
    watermarks = await openSqliteSyncWatermarks({ path });
  }
  return {
    orgUnits,
    watermarks,
    async close() {
      await Promise.allSettled([orgUnits.close(), watermarks.close()]);
    },
  };
}
