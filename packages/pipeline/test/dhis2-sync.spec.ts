import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadConfig } from '@healthcred/config';
import { runIssuer, type RunningIssuer } from '@healthcred/pipeline';
import { createLogger } from '@healthcred/runtime';
import { STAND_IN_TOKEN, completedDoses, covacPopulation, startStandInDhis2, type StandInDhis2, until } from '@healthcred/testing';

describe('issuer pulling from DHIS2 (DHIS2_URL and DHIS2_TOKEN set)', function () {
  this.timeout(60_000);
  let dataDir: string;
  let dhis2: StandInDhis2;
  let issuer: RunningIssuer | undefined;
  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'healthcred-issuer-sync-'));
    dhis2 = await startStandInDhis2({ version: '2.38.6', trackedEntities: covacPopulation({ people: 5 }) });
  });
  afterEach(async () => {
    await issuer?.stop();
    issuer = undefined;
    await dhis2.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const start = async (env: Record<string, string>) => {
    const config = loadConfig({ HEALTHCRED_DATA_DIR: dataDir, ISSUER_SIGNING_THREADS: '0', DHIS2_URL: dhis2.url,
      DHIS2_SYNC_INTERVAL_SECONDS: '5', DHIS2_SYNC_PAGE_SIZE: '4', ...env });
    issuer = await runIssuer(config, createLogger({ name: 'issuer', level: 'silent' }));
    return issuer;
  };
  const metric = async (running: RunningIssuer, name: string) => {
    const line = (await running.service.metrics.metrics()).split('\n').find((l) => l.startsWith(`${name} `));
    return line === undefined ? undefined : Number(line.split(' ')[1]);
  };

  describe('negative', () => {
    it('should stop the pull on 401 and say so in /metrics, while the issuer keeps running', async () => {
      const running = await start({ DHIS2_TOKEN: 'd2pat_wrong000000000000000000000000000000' });
      await running.sync!.loop.done;
      expect(await metric(running, 'healthcred_dhis2_sync_up')).to.equal(0);
      expect(await metric(running, 'healthcred_dhis2_sync_failures_total')).to.equal(1);
      const lag = await metric(running, 'healthcred_dhis2_sync_lag_seconds');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await metric(running, 'healthcred_dhis2_sync_lag_seconds'), 'the lag grows while stopped').to.be.above(lag! + 0.2);
      expect(running.sync!.loop.status().lastError?.message).to.contain('401');
    });
  });

  it('should certify every completed dose and show the sync lag in /metrics', async () => {
    const pulling = await start({ DHIS2_TOKEN: STAND_IN_TOKEN });
    const doses = completedDoses(dhis2.trackedEntities);
    await until(async () => (await pulling.infrastructure.store.count()) === doses.length && pulling.sync!.loop.status().pulls >= 1,
      'one certificate per dose, and the pull done', 30_000);
    expect(await metric(pulling, 'healthcred_dhis2_sync_up')).to.equal(1);
    const lag = await metric(pulling, 'healthcred_dhis2_sync_lag_seconds');
    expect(lag).to.be.a('number').and.at.least(0).and.below(30);
    expect(await metric(pulling, 'healthcred_dhis2_sync_pulls_total')).to.be.at.least(1);
  });
});
