import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { openSqliteBus } from '@healthcred/bus';
import { runCli } from '@healthcred/cli';

const examples = new URL('../../../examples/dhis2/', import.meta.url).pathname;

async function cli(env: NodeJS.ProcessEnv, ...args: string[]) {
  const run = { code: 0, stdout: '', stderr: '' };
  run.code = await runCli(args, { stdout: (text) => { run.stdout += text; }, stderr: (text) => { run.stderr += text; } }, env);
  return run;
}

describe('healthcred dhis2 import', () => {
  it("should publish each tracked entity of the exports as one message keyed by its UID, with a progress line", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'healthcred-import-'));
    const run = await cli({ HEALTHCRED_DATA_DIR: dataDir }, 'dhis2', 'import', examples, '--batch', '2');
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stderr).to.match(/published \d+\/\d+ tracked entities \([\d,]+\/s\)/);
    const bus = openSqliteBus({ path: join(dataDir, 'events.sqlite') });
    try {
      const messages = await bus.readTopic('dhis2.hooks', { limit: 1000 });
      expect(run.stdout).to.contain(`Published ${messages.length} tracked entities from 6 file(s)`);
      const keyed = messages.filter((message) => message.key !== undefined);
      expect(keyed.length).to.be.greaterThan(5);
      for (const message of keyed) {
        const entity = JSON.parse(message.value) as Record<string, unknown>;
        const uid = entity['trackedEntity'] ?? entity['trackedEntityInstance']
          ?? (entity['object'] as Record<string, unknown> | undefined)?.['trackedEntity'];
        expect(message.key).to.match(/^[A-Za-z][A-Za-z0-9]{10}$/);
        if (typeof uid === 'string') expect(message.key).to.equal(uid);
      }
    } finally {
      await bus.close();
    }
  });

  it('should explain what is wrong with its arguments', async () => {
    const help = await cli({}, 'dhis2', 'import', '--help');
    expect(help.code).to.equal(0);
    expect(help.stdout).to.contain('dhis2 import');
    const missing = await cli({}, 'dhis2', 'import', join(examples, 'nope.json'));
    expect(missing.code).to.not.equal(0);
    expect(missing.stderr).to.contain('does not exist');
    const batch = await cli({}, 'dhis2', 'import', examples, '--batch', '0');
    expect(batch.code).to.not.equal(0);
    expect(batch.stderr).to.contain('--batch must be 1 to 10000');
  });
});

describe('splitDhis2Export()', () => {
  it('should keep flat events of a /api/tracker bundle with the tracked entity they name', async () => {
    const { splitDhis2Export } = await import('../src/commands/dhis2-import.js');
    const bundle = {
      trackedEntities: [{ trackedEntity: 'Te000000001' }, { trackedEntity: 'Te000000002' }],
      events: [{ event: 'Ev000000001', trackedEntity: 'Te000000002' }, { event: 'Ev000000002', trackedEntity: 'Te000000009' }],
    };
    expect(splitDhis2Export(bundle)).to.deep.equal([
      { trackedEntity: 'Te000000001' },
      { trackedEntities: [{ trackedEntity: 'Te000000002' }], events: [{ event: 'Ev000000001', trackedEntity: 'Te000000002' }] },
      { trackedEntities: [], events: [{ event: 'Ev000000002', trackedEntity: 'Te000000009' }] },
    ]);
    expect(splitDhis2Export({ instances: [{ trackedEntity: 'Te000000001' }] })).to.deep.equal([{ trackedEntity: 'Te000000001' }]);
  });
});
