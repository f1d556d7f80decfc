import { expect } from 'chai';
import type { BusMessage } from '@healthcred/bus';
import { mockMessages, recordBatches, uniqueName, valuesOfKey, waitFor } from './consume.js';
import type { CurrentBusHarness } from './bus-contract.js';

const values = (batches: BusMessage[][]) => batches.flat();

/** Batch consumption (`handleBatch`): the same delivery guarantees as `handle`, a batch at a time. */
export function batchContract(current: CurrentBusHarness): void {
  describe('subscribe() with handleBatch', () => {
    it('should deliver every message once, in batches of one partition, in order per key', async () => {
      const topic = uniqueName('batch');
      await current().bus.publish(topic, mockMessages(250, 5));
      const { batches } = await recordBatches(current().bus, { groupId: uniqueName('g'), topics: [topic] });
      await waitFor('250 messages', () => values(batches).length >= 250);
      for (const batch of batches) {
        expect(batch.length).to.be.within(1, 100);
        expect(new Set(batch.map((m) => m.partition)).size).to.equal(1);
      }
      expect(values(batches)).to.have.length(250);
      expect(valuesOfKey(values(batches), 'k-2')).to.deep.equal(
        mockMessages(250, 5).filter((m) => m.key === 'k-2').map((m) => m.value));
    });

    it('should deliver a whole batch again after the handler throws, and commit it once it resolves', async () => {
      const topic = uniqueName('batch-retry');
      await current().bus.publish(topic, mockMessages(10, 1));
      let failures = 0;
      const groupId = uniqueName('g');
      const recorder = await recordBatches(current().bus, {
        groupId, topics: [topic],
        handleBatch: async (messages) => {
          if (failures < 1 && messages.some((m) => m.value === 'm-4')) {
            failures += 1;
            throw new Error('transient');
          }
        },
      });
      await waitFor('10 messages', () => values(recorder.batches).length >= 10);
      expect(values(recorder.batches).map((m) => m.value)).to.deep.equal(mockMessages(10, 1).map((m) => m.value));
      expect(recorder.errors).to.have.length(1);
      await recorder.subscription.stop();

      const again = await current().connectAgain();
      const after = await recordBatches(again, { groupId, topics: [topic] });
      await again.publish(topic, mockMessages(1, 1, 10));
      await waitFor('the next message', () => values(after.batches).length >= 1);
      expect(values(after.batches).map((m) => m.value)).to.deep.equal(['m-10']);
    });

    it('should handle batches of several partitions at once with concurrency, each partition still in order', async () => {
      const topic = uniqueName('batch-concurrent');
      await current().bus.publish(topic, mockMessages(40, 8));
      let inFlight = 0;
      let mostInFlight = 0;
      const { batches } = await recordBatches(current().bus, {
        groupId: uniqueName('g'), topics: [topic], concurrency: 2,
        handleBatch: async () => {
          mostInFlight = Math.max(mostInFlight, ++inFlight);
          // Hold each batch until a second one is in flight too (or long enough that one would have been).
          await waitFor('a second batch', () => inFlight >= 2, 3_000).catch(() => undefined);
          await new Promise((resolve) => setTimeout(resolve, 20));
          inFlight -= 1;
        },
      });
      await waitFor('40 messages', () => values(batches).length >= 40);
      expect(mostInFlight).to.equal(2);
      expect(values(batches)).to.have.length(40);
      for (let k = 0; k < 8; k++) {
        expect(valuesOfKey(values(batches), `k-${k}`)).to.deep.equal(
          mockMessages(40, 8).filter((m) => m.key === `k-${k}`).map((m) => m.value));
      }
    });

    it('rejects a subscription with both handle and handleBatch, or neither', async () => {
      const base = { groupId: uniqueName('g'), topics: [uniqueName('t')] };
      const both = current().bus.subscribe({ ...base, handle: async () => {}, handleBatch: async () => {} });
      expect(await both.catch((e: Error) => e)).to.be.instanceOf(TypeError);
      expect(await current().bus.subscribe(base).catch((e: Error) => e)).to.be.instanceOf(TypeError);
      const tooMany = await current().bus.subscribe({ ...base, handleBatch: async () => {}, concurrency: 65 }).catch((e: Error) => e);
      expect(tooMany).to.be.instanceOf(TypeError).with.property('message').that.matches(/"concurrency"/);
    });
  });
}
