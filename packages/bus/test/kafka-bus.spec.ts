import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { connectKafkaBus } from '@healthcred/bus';
import type { EventBus, KafkaBusOptions } from '@healthcred/bus';
import { describeBusContract } from './contract/bus-contract.js';
import { mockMessages, record, recordBatches, uniqueName, waitFor } from './contract/consume.js';

const brokers = process.env['KAFKA_BROKERS'];

if (brokers === undefined || brokers === '') {
  console.log('NOTICE: Kafka contract suite skipped: KAFKA_BROKERS is not set');
} else {
  const connect = (options: Partial<KafkaBusOptions> = {}) =>
    connectKafkaBus({ brokers: brokers.split(','), clientId: 'healthcred-contract', retryDelayMs: 100, ...options });
  describeBusContract({
    name: 'Kafka',
    async createHarness() {
      const opened: EventBus[] = [await connect()];
      return {
        bus: opened[0]!,
        async connectAgain() {
          opened.push(await connect());
          return opened[opened.length - 1]!;
        },
        async destroy() {
          await Promise.all(opened.map((bus) => bus.close()));
        },
      };
    },
  });

  describe('connectKafkaBus() with a short session timeout', function () {
    this.timeout(60_000);
    const SESSION_MS = 6_000; // the broker's smallest (group.min.session.timeout.ms)
    const buses: EventBus[] = [];
    afterEach(async () => {
      await Promise.all(buses.splice(0).map((bus) => bus.close()));
    });

    it('should keep its partition through a handler slower than the session timeout, so no other member gets it', async () => {
      const topic = uniqueName('slow');
      const groupId = uniqueName('g');
      for (let i = 0; i < 2; i += 1) buses.push(await connect({ partitions: 1, sessionTimeoutMs: SESSION_MS }));
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      // Whichever member owns the one partition holds its message; the other must not get it meanwhile.
      const deliveries: string[] = [];
      const hold = (member: string) => async () => {
        deliveries.push(member);
        await held;
      };
      const one = await record(buses[0]!, { groupId, topics: [topic], handle: hold('one') });
      const two = await record(buses[1]!, { groupId, topics: [topic], handle: hold('two') });
      await buses[0]!.publish(topic, mockMessages(1, 1));
      await waitFor('the first delivery', () => deliveries.length === 1);
      await sleep(SESSION_MS * 1.5);
      release();
      await waitFor('the handler to finish', () => one.received.length + two.received.length >= 1);
      await sleep(1_000);
      expect(deliveries, 'deliveries of the one message').to.have.length(1);
      expect([...one.errors, ...two.errors], 'failed commits').to.deep.equal([]);
    });
  });

  describe('connectKafkaBus() when a member joins while another is busy with its fetched batches', function () {
    this.timeout(90_000);
    const CHUNK_MS = 3_000;
    const buses: EventBus[] = [];
    afterEach(async () => {
      await Promise.all(buses.splice(0).map((bus) => bus.close()));
    });

    it('should start no new chunk once the group rebalances, so the newcomer is served after about one chunk', async () => {
      const topic = uniqueName('rejoin');
      const groupId = uniqueName('g');
      for (let i = 0; i < 2; i += 1) buses.push(await connect({ partitions: 4, batchSize: 5, sessionTimeoutMs: 6_000 }));
      await buses[0]!.publish(topic, mockMessages(200, 40));
      // One fetch brings a batch of each of the 4 partitions, 10 chunks each, and every chunk takes 3 s.
      const busy = await recordBatches(buses[0]!, { groupId, topics: [topic], handleBatch: () => sleep(CHUNK_MS) });
      await waitFor("the first member's first chunk", () => busy.batches.length >= 1, 30_000);
      const joining = Date.now();
      const newcomer = await recordBatches(buses[1]!, { groupId, topics: [topic] });
      await waitFor("the newcomer's first batch", () => newcomer.batches.length >= 1, 60_000);
      const seconds = (Date.now() - joining) / 1000;
      console.log(`      the newcomer got its first batch ${seconds.toFixed(1)} s after it asked to join`);
      // Had the busy member run a chunk of each batch it had queued before rejoining, it would be 4 chunks (12 s).
      expect(seconds).to.be.lessThan((CHUNK_MS * 2.5) / 1000);
      expect([...busy.errors, ...newcomer.errors].filter((error) => !/rebalanc|not aware of this member/i.test(String(error))),
        'failures other than the rebalance itself').to.deep.equal([]);
    });
  });
}
