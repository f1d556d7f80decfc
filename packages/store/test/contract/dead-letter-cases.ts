import { expect } from 'chai';
import { HealthcredError } from '@healthcred/errors';
import type { DeadLetters } from '@healthcred/store';
import { mockDeadLetter } from '@healthcred/testing';
import type { CurrentHarness } from './store-contract.js';

/** The dead-letter half of the contract. */
export function deadLetterContract(current: CurrentHarness): void {
  const store = (): DeadLetters => current().store;

  describe('saveDeadLetter()', () => {
    it('should record a new open entry seen once', async () => {
      const entry = await store().saveDeadLetter(mockDeadLetter({ attempts: 3 }));
      expect(entry).to.include({
        topic: 'dhis2.events', key: 'TE0001', attempts: 3, status: 'open',
        firstSeenAt: '2025-01-01T10:00:00.000Z', lastSeenAt: '2025-01-01T10:00:00.000Z',
      });
      expect(entry.id).to.be.a('string').and.not.be.empty;
      expect(await store().listDeadLetters()).to.deep.equal([entry]);
      expect(await store().findDeadLetter(entry.id)).to.deep.equal(entry);
      expect(await store().findDeadLetter('no-such-id')).to.equal(undefined);
    });

    it('should update the same entry when the same message fails again, and reopen it', async () => {
      const first = await store().saveDeadLetter(mockDeadLetter({ attempts: 3 }));
      await store().setDeadLetterStatus(first.id, 'discarded');
      const again = await store().saveDeadLetter(mockDeadLetter({
        attempts: 2, code: 'internal', reason: 'timeout', at: '2025-01-02T10:00:00.000Z',
      }));
      expect(again).to.deep.equal({
        ...first, attempts: 5, code: 'internal', reason: 'timeout', lastSeenAt: '2025-01-02T10:00:00.000Z', status: 'open',
      });
      expect(await store().listDeadLetters()).to.have.length(1);
    });

    it('should keep messages that differ by key or payload apart, and a keyless one without key', async () => {
      await store().saveDeadLetter(mockDeadLetter());
      await store().saveDeadLetter(mockDeadLetter({ key: 'TE0002' }));
      await store().saveDeadLetter(mockDeadLetter({ payload: '{"event":"EV0002"}' }));
      const { key, ...keyless } = mockDeadLetter();
      const saved = await store().saveDeadLetter(keyless);
      expect(saved).to.not.have.property('key');
      expect(await store().listDeadLetters()).to.have.length(4);
    });

    describe('negative', () => {
      it('rejects a negative attempts count with a TypeError', async () => {
        const error = await store().saveDeadLetter(mockDeadLetter({ attempts: -1 })).catch((e: unknown) => e);
        expect(error).to.be.instanceOf(TypeError).with.property('message').that.contains('"attempts"');
      });
    });
  });

  describe('listDeadLetters() and setDeadLetterStatus()', () => {
    it('should list the most recently seen first and filter by status', async () => {
      const older = await store().saveDeadLetter(mockDeadLetter({ key: 'a', at: '2025-01-01T00:00:00.000Z' }));
      const newer = await store().saveDeadLetter(mockDeadLetter({ key: 'b', at: '2025-01-03T00:00:00.000Z' }));
      expect((await store().listDeadLetters()).map((d) => d.id)).to.deep.equal([newer.id, older.id]);
      const redriven = await store().setDeadLetterStatus(older.id, 'redriven');
      expect(redriven.status).to.equal('redriven');
      expect(await store().listDeadLetters({ status: 'redriven' })).to.deep.equal([redriven]);
      expect((await store().listDeadLetters({ status: 'open', limit: 1 })).map((d) => d.id)).to.deep.equal([newer.id]);
    });

    describe('negative', () => {
      it('rejects an unknown id with not_found', async () => {
        const error = await store().setDeadLetterStatus('nope', 'discarded').catch((e: unknown) => e);
        expect(error).to.be.instanceOf(HealthcredError).and.to.include({ code: 'not_found' });
      });
    });
  });
}
