import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'chai';

const SCRIPT = new URL('../../../scripts/backfill-crash.mjs', import.meta.url).pathname;
const EVENTS = Number(process.env.BACKFILL_EVENTS ?? 2000);

describe('healthcred issuer killed with SIGKILL in the middle of a DHIS2 backfill (scripts/backfill-crash.mjs)', function () {
  this.timeout(300_000);

  it(`should end with exactly ${EVENTS} credentials after a restart: none lost, none doubled`, async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [SCRIPT, '--events', String(EVENTS), '--json']);
    const result = JSON.parse(stdout) as Record<string, number | boolean>;
    expect(result).to.include({ events: EVENTS, credentials: EVENTS, distinctSources: EVENTS, issued: EVENTS, deadLetters: 0, ok: true });
    expect(result.killedAt).to.be.greaterThan(0).and.lessThan(EVENTS);
  });

  const national = Boolean(process.env.KAFKA_BROKERS && process.env.MONGODB_URI);
  if (!national) console.log('NOTICE: national backfill drill skipped: KAFKA_BROKERS and MONGODB_URI are not set');
  (national ? it : it.skip)(`should end with one credential per event on Kafka and MongoDB: ${EVENTS} events, two issuers in one group, one killed and restarted`, async () => {
    const { stdout } = await promisify(execFile)(process.execPath,
      [SCRIPT, '--tier', 'national', '--issuers', '2', '--events', String(EVENTS), '--json'], { env: process.env, maxBuffer: 64 * 1024 * 1024 });
    const result = JSON.parse(stdout) as Record<string, number | boolean>;
    console.log(`      national drill: ${EVENTS} events in ${Number(result.seconds).toFixed(1)} s (${result.perSecond}/s), killed at `
      + `${result.killedAt}; every partition served again ${Number(result.failoverSeconds).toFixed(1)} s after the kill`);
    expect(result).to.include({ events: EVENTS, credentials: EVENTS, distinctSources: EVENTS, issued: EVENTS, deadLetters: 0, ok: true });
    expect(result.killedAt).to.be.greaterThan(0).and.lessThan(EVENTS);
    // The drill's issuers have a 10 s session timeout: the group must hand the partitions over soon after it.
    expect(result.failoverSeconds).to.be.greaterThan(0).and.lessThan(60);
  });

  it('should explain itself with --help and refuse a bad option', async () => {
    const run = promisify(execFile);
    expect((await run(process.execPath, [SCRIPT, '--help'])).stdout).to.contain('--events N');
    const failure = await run(process.execPath, [SCRIPT, '--events', 'many']).catch((error: { code: number; stderr: string }) => error);
    expect(failure).to.include({ code: 2 });
    expect((failure as { stderr: string }).stderr).to.contain('--events must be an integer');
  });
});
