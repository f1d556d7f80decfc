import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { runCli } from '@healthcred/cli';
import { loadConfig } from '@healthcred/config';
import { runIssuer, type RunningIssuer } from '@healthcred/pipeline';
import { createLogger } from '@healthcred/runtime';
import { openSqliteSyncWatermarks } from '@healthcred/store';
import {
  COVAC, STAND_IN_TOKEN, completedDoses, covacPopulation, startStandInDhis2, type StandInDhis2, until,
} from '@healthcred/testing';

const BIN = new URL('../bin/healthcred.js', import.meta.url).pathname;
const examples = new URL('../../../examples/dhis2/', import.meta.url).pathname;

async function cli(env: NodeJS.ProcessEnv, ...args: string[]) {
  const run = { code: 0, stdout: '', stderr: '' };
  run.code = await runCli(args, { stdout: (text) => { run.stdout += text; }, stderr: (text) => { run.stderr += text; } }, env);
  return run;
}

/** The events of the certificates issued so far (the sourceKey is dhis2:<trackedEntity>:<event>:<dose>). */
async function certifiedEvents(issuer: RunningIssuer): Promise<string[]> {
  const certificates = await issuer.infrastructure.store.list({ limit: 1000 });
  return certificates.map((certificate) => certificate.sourceKey.split(':')[2]!);
}

describe('healthcred dhis2 org-units import', () => {
  let dataDir: string;
  beforeEach(() => { dataDir = mkdtempSync(join(tmpdir(), 'healthcred-ou-')); });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  describe('negative', () => {
    it('should name what is wrong with the file or the arguments', async () => {
      const notExport = await cli({ HEALTHCRED_DATA_DIR: dataDir }, 'dhis2', 'org-units', 'import', join(examples, 'mapping-example.json'));
      expect(notExport.code).to.equal(1);
      expect(notExport.stderr).to.contain('mapping-example.json: export: is not a DHIS2 organisation unit export');
      const missing = await cli({ HEALTHCRED_DATA_DIR: dataDir }, 'dhis2', 'org-units', 'import', join(examples, 'nope.json'));
      expect(missing.stderr).to.contain('Cannot read');
      expect((await cli({}, 'dhis2', 'org-units', 'export')).stderr).to.contain('Unknown action "org-units export"');
    });
  });

  it('should keep the export in the directory, replacing on a second import', async () => {
    const file = join(examples, 'metadata/organisation-units.json');
    const first = await cli({ HEALTHCRED_DATA_DIR: dataDir }, 'dhis2', 'org-units', 'import', file);
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stdout).to.contain('Saved 9 org units (levels 1 to 5)').and.contain('the directory holds 9');
    expect((await cli({ HEALTHCRED_DATA_DIR: dataDir }, 'dhis2', 'org-units', 'import', file)).stdout).to.contain('the directory holds 9');
    expect((await cli({}, 'dhis2', 'org-units', '--help')).stdout).to.contain('/api/organisationUnits?paging=false');
  });
});

describe('healthcred dhis2 sync', function () {
  this.timeout(120_000);
  let dataDir: string;
  let dhis2: StandInDhis2 | undefined;
  let issuer: RunningIssuer | undefined;
  beforeEach(() => { dataDir = mkdtempSync(join(tmpdir(), 'healthcred-sync-')); });
  afterEach(async () => {
    await issuer?.stop();
    await dhis2?.close();
    issuer = undefined;
    dhis2 = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });
  const startIssuer = async () => {
    const config = loadConfig({ HEALTHCRED_DATA_DIR: dataDir, ISSUER_SIGNING_THREADS: '0' });
    issuer = await runIssuer(config, createLogger({ name: 'issuer', level: 'silent' }));
    return issuer;
  };

  describe('negative', () => {
    it('should explain itself with --help and refuse an unknown flag', async () => {
      const help = await cli({}, 'dhis2', 'sync', '--help');
      expect(help.code).to.equal(0);
      expect(help.stdout).to.contain('--token').and.contain('--once').and.contain('/api/system/info');
      expect((await cli({}, 'dhis2', 'sync', '--since', 'yesterday')).code).to.equal(2);
      expect((await cli({}, 'dhis2', '--help')).stdout).to.contain('org-units').and.contain('sync').and.contain('import');
    });

    it('should refuse to start without a URL, and stop with the reason on 401', async () => {
      const none = await cli({ HEALTHCRED_DATA_DIR: dataDir }, 'dhis2', 'sync', '--once');
      expect(none.code).to.equal(2);
      expect(none.stderr).to.contain('--url (or DHIS2_URL) is required');
      const noToken = await cli({ HEALTHCRED_DATA_DIR: dataDir }, 'dhis2', 'sync', '--url', 'http://127.0.0.1:9');
      expect(noToken.stderr).to.contain('DHIS2_URL needs DHIS2_TOKEN');
      dhis2 = await startStandInDhis2();
      const refused = await cli({ HEALTHCRED_DATA_DIR: dataDir }, 'dhis2', 'sync', '--url', dhis2.url, '--token', 'd2pat_wrong', '--once');
      expect(refused.code).to.equal(1);
      expect(refused.stderr).to.contain('refused the credentials (401)').and.contain('[unauthorized]');
    });
  });

  it('should certify every completed dose of a 2.41 server (no orgUnitName) with the district from the hierarchy', async () => {
    dhis2 = await startStandInDhis2({ trackedEntities: covacPopulation({ people: 6 }) });
    const run = await cli({ HEALTHCRED_DATA_DIR: dataDir, DHIS2_TOKEN: STAND_IN_TOKEN }, 'dhis2', 'sync', '--url', dhis2.url,
      '--once', '--page-size', '5');
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stderr).to.match(/pulled \d+ page\(s\): [\d,]+ events of [\d,]+ tracked entities published .* watermark 2021-/);
    expect(run.stdout).to.contain(`Pulled program ${COVAC.program}`);
    const running = await startIssuer();
    const doses = completedDoses(dhis2.trackedEntities).sort();
    await until(async () => (await certifiedEvents(running)).length === doses.length, 'one certificate per dose', 30_000);
    expect((await certifiedEvents(running)).sort()).to.deep.equal(doses);
    const [certificate] = await running.infrastructure.store.list({ limit: 1 });
    expect((certificate!.credential as { evidence: { facility: { address: { district?: string } } }[] }).evidence[0]!.facility
      .address.district).to.match(/^(Colombo|Gampaha|Jaffna) District$/);
  });

  it('should keep pulling until SIGTERM, then stop cleanly (exit 0) with the watermark kept', async () => {
    dhis2 = await startStandInDhis2({ trackedEntities: covacPopulation({ people: 3 }) });
    const env = { ...process.env, HEALTHCRED_DATA_DIR: dataDir, DHIS2_TOKEN: STAND_IN_TOKEN };
    const child = spawn(process.execPath, [BIN, 'dhis2', 'sync', '--url', dhis2.url, '--interval', '5'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    await until(async () => /watermark 2021-/.test(stderr), 'a pulled page', 30_000);
    await until(async () => dhis2!.requests.filter((r) => r.path === '/api/tracker/trackedEntities').length >= 2, 'the first pull done', 30_000);
    child.kill('SIGTERM');
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code, stderr).to.equal(0);
    expect(stdout).to.contain('Pulled program yDuAzyqYABS');
    const marks = await openSqliteSyncWatermarks({ path: join(dataDir, 'dhis2.sqlite') });
    const latest = dhis2.trackedEntities.flatMap((e) => e.events.map((v) => v.updatedAt)).sort().at(-1);
    expect((await marks.read(`dhis2:${dhis2.url}:${COVAC.program}`))?.value).to.equal(latest);
    await marks.close();
  });

  it('should end with exactly one credential per completed dose when killed mid-way (SIGKILL) and started again', async () => {
    dhis2 = await startStandInDhis2({ trackedEntities: covacPopulation({ people: 10 }), pageDelayMs: 150 });
    const running = await startIssuer();
    const args = [BIN, 'dhis2', 'sync', '--url', dhis2.url, '--once', '--page-size', '3', '--overlap', '60'];
    const env = { ...process.env, HEALTHCRED_DATA_DIR: dataDir, DHIS2_TOKEN: STAND_IN_TOKEN };
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    await until(async () => /pulled 3 page/.test(stderr), 'three pages pulled', 30_000);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const marks = await openSqliteSyncWatermarks({ path: join(dataDir, 'dhis2.sqlite') });
    const killedAt = (await marks.read(`dhis2:${dhis2.url}:${COVAC.program}`))?.value;
    await marks.close();
    const latest = dhis2.trackedEntities.flatMap((e) => e.events.map((v) => v.updatedAt)).sort().at(-1)!;
    expect(killedAt, 'a watermark after the pages published before the kill').to.be.a('string');
    expect(killedAt! < latest, 'killed before the end').to.equal(true);

    const again = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const code = await new Promise((resolve) => again.once('exit', resolve));
    expect(code).to.equal(0);
    const doses = completedDoses(dhis2.trackedEntities).sort();
    await until(async () => (await certifiedEvents(running)).length >= doses.length
      && (await running.infrastructure.bus.readOffsets('healthcred-issuer-dhis2')).every((o) => o.lag === 0)
      && (await running.infrastructure.bus.readOffsets('healthcred-issuer-certify')).every((o) => o.lag === 0), 'drained', 30_000);
    expect((await certifiedEvents(running)).sort()).to.deep.equal(doses);
    expect(await running.infrastructure.store.listDeadLetters({ limit: 10 })).to.deep.equal([]);
  });
});
