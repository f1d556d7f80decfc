import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { HealthcredError } from '@healthcred/errors';
import { openSqliteBus } from '@healthcred/bus';
import type { EventBus } from '@healthcred/bus';
import { describeBusContract } from './contract/bus-contract.js';
import { mockMessages, record, waitFor } from './contract/consume.js';

const FAST = { pollIntervalMs: 10, retryDelayMs: 50 };

describeBusContract({
  name: 'SQLite file',
  async createHarness() {
    const dir = mkdtempSync(join(tmpdir(), 'healthcred-bus-'));
    const path = join(dir, 'bus.db');
    const opened: EventBus[] = [openSqliteBus({ path, ...FAST })];
    return {
      bus: opened[0]!,
      async connectAgain() {
        opened.push(openSqliteBus({ path, ...FAST }));
        return opened[opened.length - 1]!;
      },
      async destroy() {
        await Promise.all(opened.map((bus) => bus.close()));
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
});

describe('openSqliteBus()', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'healthcred-bus-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('should let operators read a topic and the offsets of a group without consuming', async () => {
    const bus = openSqliteBus({ path: join(dir, 'bus.db'), partitions: 2, ...FAST });
    await bus.publish('ops', mockMessages(6, 2));
    const consumer = await record(bus, { groupId: 'ops-group', topics: ['ops'], handle: async (m) => {
      if (m.key === 'k-1') throw new Error('stuck');
    } });
    await waitFor('the k-0 messages', () => consumer.received.length >= 3);
    await consumer.subscription.stop();
    const all = await bus.readTopic('ops');
    expect(all).to.have.length(6);
    const partitionOfK1 = all.find((m) => m.key === 'k-1')!.partition;
    expect((await bus.readTopic('ops', { partition: partitionOfK1, from: '1', limit: 1 })).map((m) => m.value)).to.deep.equal(['m-3']);
    const offsets = await bus.readOffsets('ops-group');
    expect(offsets.find((o) => o.partition === partitionOfK1)).to.include({ committed: '0', end: '3', lag: 3 });
    expect(offsets.find((o) => o.partition !== partitionOfK1)).to.include({ committed: '3', end: '3', lag: 0 });
    await bus.close();
  });

  it('should take over the partition of a member whose handler is stuck past maxHandlerMs', async () => {
    const path = join(dir, 'bus.db');
    const bus = openSqliteBus({ path, leaseMs: 100, maxHandlerMs: 200, ...FAST });
    await bus.publish('lease', mockMessages(2, 1));
    const hung = await record(bus, { groupId: 'g', topics: ['lease'], handle: () => new Promise(() => undefined) });
    const other = openSqliteBus({ path, leaseMs: 100, ...FAST });
    const rescuer = await record(other, { groupId: 'g', topics: ['lease'] });
    await waitFor('both messages on the second member', () => rescuer.received.length >= 2, 5_000);
    expect(hung.received).to.have.length(0);
    await other.close();
  });

  it('should keep its partition through a batch slower than the lease, so no other member handles it meanwhile', async () => {
    const path = join(dir, 'bus.db');
    const bus = openSqliteBus({ path, leaseMs: 150, ...FAST });
    const other = openSqliteBus({ path, leaseMs: 150, ...FAST });
    try {
      await bus.publish('slow', mockMessages(3, 1));
      let slowDone = false;
      const slow = await record(bus, { groupId: 'g', topics: ['slow'], handle: async (m) => {
        if (m.value === 'm-0') {
          await new Promise((resolve) => setTimeout(resolve, 800));
          slowDone = true;
        }
      } });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(slowDone).to.equal(false);
      const second = await record(other, { groupId: 'g', topics: ['slow'] });
      await waitFor('all three messages', () => slow.received.length + second.received.length >= 3, 5_000);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(second.received.map((m) => m.value)).not.to.include('m-0');
      expect([...slow.received, ...second.received].map((m) => m.value).sort()).to.deep.equal(['m-0', 'm-1', 'm-2']);
      expect(slow.errors).to.deep.equal([]);
    } finally {
      await other.close();
      await bus.close();
    }
  });

  it('should count maxHandlerMs per handler call, so a batch of handlers each within it keeps its partition', async () => {
    const path = join(dir, 'bus.db');
    const bus = openSqliteBus({ path, leaseMs: 100, maxHandlerMs: 400, ...FAST });
    const other = openSqliteBus({ path, leaseMs: 100, ...FAST });
    try {
      await bus.publish('steady', mockMessages(4, 1));
      const steady = await record(bus, { groupId: 'g', topics: ['steady'], handle: () => new Promise((resolve) => setTimeout(resolve, 250)) });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const second = await record(other, { groupId: 'g', topics: ['steady'] });
      await waitFor('all four messages', () => steady.received.length + second.received.length >= 4, 5_000);
      expect(second.received).to.deep.equal([]);
      expect(steady.errors).to.deep.equal([]);
    } finally {
      await other.close();
      await bus.close();
    }
  });

  it('should hand a message published through the same bus to an idle consumer without waiting out the poll interval', async () => {
    const bus = openSqliteBus({ path: join(dir, 'bus.db'), pollIntervalMs: 60_000 });
    const consumer = await record(bus, { groupId: 'g', topics: ['wake'], fromBeginning: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await bus.publish('wake', mockMessages(3, 1));
    await waitFor('the messages, well before the 60 s poll', () => consumer.received.length >= 3, 2_000);
    await bus.close();
  });

  it('should still wait the retry delay after a failed handler when more messages are published', async () => {
    const bus = openSqliteBus({ path: join(dir, 'bus.db'), pollIntervalMs: 60_000, retryDelayMs: 400 });
    const deliveries: number[] = [];
    const consumer = await record(bus, { groupId: 'g', topics: ['retry'], fromBeginning: true, handle: async (m) => {
      if (m.value === 'm-0') deliveries.push(Date.now());
      if (deliveries.length === 1) throw new Error('first delivery fails');
    } });
    await bus.publish('retry', mockMessages(1, 1));
    await waitFor('the failed delivery', () => deliveries.length === 1, 2_000);
    await bus.publish('retry', [{ key: 'k-0', value: 'later' }]);
    await waitFor('the second delivery', () => deliveries.length === 2, 2_000);
    expect(deliveries[1]! - deliveries[0]!).to.be.at.least(350);
    await waitFor('the later message', () => consumer.received.some((m) => m.value === 'later'), 2_000);
    await bus.close();
  });

  describe('negative', () => {
    it('rejects a path in a missing directory with an internal HealthcredError', () => {
      expect(() => openSqliteBus({ path: join(dir, 'missing', 'bus.db') })).to.throw(HealthcredError, /event log/);
    });

    it('rejects a poll interval of 0 with a TypeError', () => {
      expect(() => openSqliteBus({ path: ':memory:', pollIntervalMs: 0 })).to.throw(TypeError, /"pollIntervalMs"/);
    });
  });
});
