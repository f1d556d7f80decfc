import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { connectKafkaBus } from '@healthcred/bus';
import type { EventBus, KafkaBusOptions } from '@healthcred/bus';
import { describeBusContract } from './contract/bus-contract.js';
import { mockMessages, record, uniqueName, waitFor } from './contract/consume.js';

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
}
