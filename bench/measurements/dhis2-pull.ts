import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteBus } from '@healthcred/bus';
import { Dhis2Client, Dhis2Http, pullDhis2Changes } from '@healthcred/dhis2-client';
import { openSqliteOrgUnitDirectory, openSqliteSyncWatermarks } from '@healthcred/store';
import { STAND_IN_TOKEN, covacPopulation, startStandInDhis2 } from '@healthcred/testing';
import type { BenchmarkModule } from '../measure.js';

/**
 * A pull from the DHIS2 Web API: the stand-in DHIS2 2.41 (same process, loopback HTTP) serving a COVAC population,
 * pulled page by page (200 events) with the tracked entities of each page, published to a SQLite event log
 * (`synchronous=FULL`) and the watermark advanced per page. Events per second from the first request to the last
 * watermark; the stand-in's own work (filtering, sorting and rendering pages) is on the same core, so this is a floor.
 */
export const dhis2PullBenchmarks: BenchmarkModule = {
  name: 'dhis2',
  async setup() {
    return [{
      name: 'dhis2_pull_events_per_s', label: 'DHIS2 Web API pull (stand-in 2.41, pages of 200) → SQLite event log',
      async run(options) {
        const people = Math.max(2000, Math.round(options.seconds * 1500));
        const dhis2 = await startStandInDhis2({ trackedEntities: covacPopulation({ people, scheduled: false }) });
        const dir = mkdtempSync(join(tmpdir(), 'healthcred-bench-pull-'));
        const bus = openSqliteBus({ path: join(dir, 'events.sqlite') });
        const watermarks = await openSqliteSyncWatermarks({ path: join(dir, 'dhis2.sqlite') });
        const directory = await openSqliteOrgUnitDirectory({ path: join(dir, 'dhis2.sqlite') });
        try {
          const client = new Dhis2Client(new Dhis2Http({ url: dhis2.url, auth: { token: STAND_IN_TOKEN } }));
          await directory.save(await client.orgUnits());
          const start = performance.now();
          const progress = await pullDhis2Changes({ client, watermarks, directory, program: 'yDuAzyqYABS', pageSize: 200,
            overlapSeconds: 0, publish: (messages) => bus.publish('dhis2.hooks', messages) });
          return progress.events / ((performance.now() - start) / 1000);
        } finally {
          await Promise.all([dhis2.close(), bus.close(), watermarks.close(), directory.close()]);
          rmSync(dir, { recursive: true, force: true });
        }
      },
    }];
  },
};
