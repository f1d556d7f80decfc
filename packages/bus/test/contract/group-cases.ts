import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BusMessage } from '@healthcred/bus';
import { mockMessages, record, uniqueName, waitFor } from './consume.js';
import type { CurrentBusHarness } from './bus-contract.js';

/** The consumer-group half of the contract: committed offsets, work sharing, and stop(). */
export function groupContract(current: CurrentBusHarness): void {
  const bus = () => current().bus;

  describe('consumer groups', () => {
    it('should resume a group from its committed offset on a new connection', async () => {
      const topic = uniqueName('resume');
      const groupId = uniqueName('g');
      await bus().publish(topic, mockMessages(10, 2));
      const first = await record(bus(), { groupId, topics: [topic] });
      await waitFor('10 messages', () => first.received.length >= 10);
      await first.subscription.stop();
      await bus().close();

      const again = await current().connectAgain();
      await again.publish(topic, mockMessages(5, 2, 10));
      const second = await record(again, { groupId, topics: [topic] });
      await waitFor('5 messages', () => second.received.length >= 5);
      await sleep(200);
      expect(second.received.map((m) => m.value).sort()).to.deep.equal(['m-10', 'm-11', 'm-12', 'm-13', 'm-14']);
    });

    it('should share the messages between two members of a group without giving one to both', async () => {
      const topic = uniqueName('share');
      const groupId = uniqueName('g');
      // Both members are in the group before the messages come: a member joining later gets its share only once
      // the group has rebalanced, and a fast first member may have handled everything by then. Each message takes
      // a moment, so that a member that polls cannot take every partition in turn before the other polls.
      const slowly = async (): Promise<void> => {
        await sleep(1);
      };
      const one = await record(bus(), { groupId, topics: [topic], handle: slowly });
      const two = await record(await current().connectAgain(), { groupId, topics: [topic], handle: slowly });
      await bus().publish(topic, mockMessages(200, 20));
      await waitFor('200 messages', () => one.received.length + two.received.length >= 200);
      await sleep(200);
      const values = [...one.received, ...two.received].map((m) => m.value);
      expect(new Set(values).size).to.equal(200);
      expect(values).to.have.length(200);
      expect(one.received.length).to.be.greaterThan(0);
      expect(two.received.length).to.be.greaterThan(0);
    });

    it('should hand the partitions of a member that stops to the member that stays', async () => {
      const topic = uniqueName('handover');
      const groupId = uniqueName('g');
      const one = await record(bus(), { groupId, topics: [topic] });
      const two = await record(await current().connectAgain(), { groupId, topics: [topic] });
      await one.subscription.stop();
      await bus().publish(topic, mockMessages(40, 8));
      await waitFor('40 messages at the remaining member', () => two.received.length >= 40);
      await sleep(200);
      expect(one.received).to.deep.equal([]);
      expect(two.received.map((m) => m.value).sort()).to.deep.equal(mockMessages(40, 8).map((m) => m.value).sort());
    });

    it('should let stop() wait for the in-flight handler and commit its message', async () => {
      const topic = uniqueName('stop');
      const groupId = uniqueName('g');
      await bus().publish(topic, mockMessages(3, 1));
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const started: BusMessage[] = [];
      const first = await record(bus(), {
        groupId, topics: [topic],
        handle: async (message) => {
          started.push(message);
          await gate;
        },
      });
      await waitFor('the first delivery', () => started.length === 1);
      let stopped = false;
      const stopping = first.subscription.stop().then(() => {
        stopped = true;
      });
      await sleep(100);
      expect(stopped).to.equal(false);
      release();
      await stopping;
      expect(first.received.map((m) => m.value)).to.deep.equal(['m-0']);

      const second = await record(bus(), { groupId, topics: [topic] });
      await waitFor('2 messages', () => second.received.length >= 2);
      expect(second.received.map((m) => m.value)).to.deep.equal(['m-1', 'm-2']);
    });
  });
}
