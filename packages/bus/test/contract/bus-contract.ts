import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { HealthcredError } from '@healthcred/errors';
import type { EventBus } from '@healthcred/bus';
import { mockMessages, record, uniqueName, valuesOfKey, waitFor } from './consume.js';
import { batchContract } from './batch-cases.js';
import { groupContract } from './group-cases.js';

/** One adapter under test: a fresh bus, a way to connect again to the same log, and clean-up. */
export interface BusHarness {
  bus: EventBus;
  /** Another independent connection to the same log, as a restarted or second process would open. */
  connectAgain(): Promise<EventBus>;
  /** Closes every connection and deletes what can be deleted. */
  destroy(): Promise<void>;
}

/** An adapter under test. */
export interface BusAdapter {
  name: string;
  createHarness(): Promise<BusHarness>;
}

/** Read access to the current test's harness, for the case files. */
export type CurrentBusHarness = () => BusHarness;

/** Registers the EventBus contract: every adapter must pass it unchanged. */
export function describeBusContract(adapter: BusAdapter): void {
  describe(`EventBus contract: ${adapter.name}`, function () {
    let harness: BusHarness | undefined;
    const current: CurrentBusHarness = () => {
      if (harness === undefined) throw new Error('no harness: the beforeEach hook failed');
      return harness;
    };
    const bus = (): EventBus => current().bus;

    beforeEach(async () => {
      harness = await adapter.createHarness();
    });

    afterEach(async () => {
      await harness?.destroy();
      harness = undefined;
    });

    describe('publish() and subscribe()', () => {
      it('should deliver every message with its key, value and headers, in order per key', async () => {
        const topic = uniqueName('order');
        await bus().publish(topic, [...mockMessages(30, 3), ...mockMessages(2, 0, 30)]);
        const { received } = await record(bus(), { groupId: uniqueName('g'), topics: [topic] });
        await waitFor('32 messages', () => received.length >= 32);
        expect(valuesOfKey(received, 'k-1')).to.deep.equal(mockMessages(30, 3).filter((m) => m.key === 'k-1').map((m) => m.value));
        const keyless = received.filter((m) => m.key === undefined);
        expect(keyless.map((m) => m.value).sort()).to.deep.equal(['m-30', 'm-31']);
        const first = received.find((m) => m.value === 'm-0')!;
        expect(first).to.include({ topic, key: 'k-0' });
        expect(first.headers).to.deep.equal({ n: '0', source: 'contract' });
        expect(first.offset).to.match(/^\d+$/);
        expect(Date.parse(first.timestamp)).to.be.closeTo(Date.now(), 60_000);
        expect(received).to.have.length(32);
      });

      it('should give a new group without fromBeginning only the messages published after it subscribed', async () => {
        const topic = uniqueName('latest');
        await bus().publish(topic, mockMessages(5, 1));
        const { received } = await record(bus(), { groupId: uniqueName('g'), topics: [topic], fromBeginning: false });
        await bus().publish(topic, mockMessages(3, 1, 5));
        await waitFor('3 messages', () => received.length >= 3);
        await sleep(200);
        expect(received.map((m) => m.value)).to.deep.equal(['m-5', 'm-6', 'm-7']);
      });

      it('should deliver a message again soon after its handler throws, and keep consuming in order', async () => {
        const topic = uniqueName('retry');
        await bus().publish(topic, mockMessages(6, 1));
        let failures = 0;
        const attempts: number[] = [];
        const recorder = await record(bus(), {
          groupId: uniqueName('g'), topics: [topic],
          handle: async (message) => {
            if (message.value !== 'm-2') return;
            attempts.push(Date.now());
            if (failures < 2) {
              failures += 1;
              throw new Error('transient');
            }
          },
        });
        await waitFor('6 messages', () => recorder.received.length >= 6);
        expect(recorder.received.map((m) => m.value)).to.deep.equal(['m-0', 'm-1', 'm-2', 'm-3', 'm-4', 'm-5']);
        expect(recorder.errors).to.have.length(2);
        expect(failures).to.equal(2);
        // The harnesses pause 100 ms at most before a retry: a retry seconds later would stall a partition for that long.
        const gaps = attempts.slice(1).map((at, i) => at - attempts[i]!);
        expect(gaps.every((gap) => gap < 2_000), `redelivered after ${gaps.join(', ')} ms`).to.equal(true);
      });

      it('should deliver every message of many concurrent publishes to a new topic, each once', async () => {
        const topic = uniqueName('concurrent');
        // Concurrent first publishes race the topic's creation, and a partition whose leader is not ready yet fails
        // a first attempt: the retries must neither lose, double nor refuse messages.
        await Promise.all(Array.from({ length: 10 }, (_, i) => bus().publish(topic, mockMessages(10, 5, i * 10))));
        const { received } = await record(bus(), { groupId: uniqueName('g'), topics: [topic] });
        await waitFor('100 messages', () => received.length >= 100);
        await sleep(200);
        expect(received.map((m) => m.value).sort()).to.deep.equal(mockMessages(100, 5).map((m) => m.value).sort());
        await bus().publish(topic, mockMessages(1, 1, 100));
        await waitFor('one more', () => received.length >= 101);
      });

      it('should accept an empty batch as a no-op', async () => {
        await bus().publish(uniqueName('empty'), []);
      });

      describe('negative', () => {
        it('rejects an illegal topic name with a TypeError', async () => {
          const error = await bus().publish('no spaces/allowed', mockMessages(1, 1)).catch((e: unknown) => e);
          expect(error).to.be.instanceOf(TypeError).with.property('message').that.contains('"topic"');
        });

        it('rejects a message without a string value, naming it', async () => {
          const error = await bus().publish(uniqueName('bad'), [{ value: 'ok' }, { value: 42 } as never]).catch((e: unknown) => e);
          expect(error).to.be.instanceOf(TypeError).with.property('message').that.contains('"messages[1].value"');
        });

        it('rejects a subscription without topics with a TypeError', async () => {
          const error = await bus().subscribe({ groupId: 'g', topics: [], handle: async () => undefined }).catch((e: unknown) => e);
          expect(error).to.be.instanceOf(TypeError).with.property('message').that.contains('"topics"');
        });
      });
    });

    groupContract(current);
    batchContract(current);

    describe('readOffsets()', () => {
      const lagOf = async (groupId: string, topic: string) =>
        (await bus().readOffsets(groupId)).filter((offset) => offset.topic === topic).reduce((sum, offset) => sum + offset.lag, 0);

      it('should show a group\'s lag per partition: none once it consumed everything, then what was published since', async () => {
        const topic = uniqueName('lag');
        const groupId = uniqueName('g');
        await bus().publish(topic, mockMessages(6, 3));
        const { received, subscription } = await record(bus(), { groupId, topics: [topic] });
        await waitFor('6 messages', () => received.length >= 6);
        await waitFor('every offset committed', async () => {
          const offsets = (await bus().readOffsets(groupId)).filter((offset) => offset.topic === topic);
          return offsets.length > 0 && offsets.every((offset) => offset.lag === 0)
            && offsets.reduce((sum, offset) => sum + Number(offset.committed), 0) === 6;
        });
        await subscription.stop();
        await bus().publish(topic, mockMessages(4, 2, 6));
        await waitFor('a lag of 4', async () => await lagOf(groupId, topic) === 4);
        for (const offset of await bus().readOffsets(groupId)) {
          expect(offset.lag).to.equal(Number(offset.end) - Number(offset.committed));
          expect(offset.partition).to.be.a('number');
        }
      });

      describe('negative', () => {
        it('rejects a malformed group id, and has no entries for a group that never consumed', async () => {
          const error = await bus().readOffsets('not a group id').then(() => undefined, (thrown: unknown) => thrown);
          expect(error).to.be.instanceOf(TypeError);
          expect(await bus().readOffsets(uniqueName('never'))).to.deep.equal([]);
        });
      });
    });

    describe('ping() and close()', () => {
      it('should answer ping while open and reject publish and ping after close', async () => {
        const other = await current().connectAgain();
        await other.ping();
        await other.close();
        await other.close();
        const error = await other.ping().catch((e: unknown) => e);
        expect(error).to.be.instanceOf(HealthcredError).and.to.include({ code: 'internal', retryable: true });
        expect(await other.publish(uniqueName('closed'), mockMessages(1, 1)).catch((e: unknown) => e))
          .to.be.instanceOf(HealthcredError);
      });
    });
  });
}
