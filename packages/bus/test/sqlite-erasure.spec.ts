import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { openSqliteBus } from '@healthcred/bus';
import { record, waitFor } from './contract/consume.js';

const FAST = { pollIntervalMs: 10, retryDelayMs: 50 };

describe('SqliteEventBus.eraseMessages()', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'healthcred-bus-erase-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('rejects marks so short they would match nearly every message', async () => {
    const bus = openSqliteBus({ path: join(dir, 'events.sqlite'), ...FAST });
    const error = await bus.eraseMessages({ ids: ['a'], nameAndDob: [] }).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(TypeError);
    await bus.close();
  });

  it('should delete the messages holding a registry id, or a name with a birth date, from the file, and consumers read on', async () => {
    const path = join(dir, 'events.sqlite');
    const bus = openSqliteBus({ path, partitions: 1, ...FAST });
    await bus.publish('certify', [
      { key: 'dhis2:TEnimali001:E1:1', value: '{"name":"Nimali Silva","dob":"1977-03-09"}' },
      { key: 'k2', value: '{"name":"Nimali Silva","dob":"1977-03-09","event":"E2"}' },
      { key: 'k3', value: '{"name":"Nimali Silva","dob":"1980-01-01"}' },
      { key: 'k4', value: '{"trackedEntity":"TEnimali001"}' },
      { key: 'k5', value: '{"name":"Other Person","dob":"1990-02-02"}' },
    ]);
    const erased = await bus.eraseMessages({ ids: ['TEnimali001'], nameAndDob: [['Nimali Silva', '1977-03-09']] });
    expect(erased).to.equal(3);
    expect((await bus.readTopic('certify')).map((message) => message.key)).to.deep.equal(['k3', 'k5']);
    for (const file of ['events.sqlite', 'events.sqlite-wal']) {
      const bytes = (() => { try { return readFileSync(join(dir, file)); } catch { return Buffer.alloc(0); } })();
      expect(bytes.includes(Buffer.from('1977-03-09')), file).to.equal(false);
      expect(bytes.includes(Buffer.from('TEnimali001')), file).to.equal(false);
    }
    const consumer = await record(bus, { groupId: 'g', topics: ['certify'], fromBeginning: true, handle: async () => undefined });
    await waitFor('the two left', () => consumer.received.length >= 2);
    expect(consumer.received.map((message) => message.key)).to.deep.equal(['k3', 'k5']);
    await consumer.subscription.stop();
    await bus.publish('certify', [{ key: 'k6', value: 'after' }]);
    expect((await bus.readTopic('certify')).map((message) => message.offset)).to.deep.equal(['2', '4', '5']);
    await bus.close();
  });
});
