import { expect } from 'chai';
import { loadDefaultDhis2Mapping, parseDhis2Payload } from '@healthcred/dhis2';
import { legacyEvent, trackedEntity, trackedEntityInstance, trackerEvent } from '@healthcred/testing';
import { expectInvalid } from './fixtures/expect-invalid.js';

const mapping = loadDefaultDhis2Mapping();
const PREFIX = 'dhis2:PQfMcpmXeFE:FyEg9Ah0nLM:';

describe('parseDhis2Payload() withdrawals', () => {
  it('should still reject a deleted event that names no event or stage (no key can be formed)', () => {
    const { event: _, ...nameless } = trackerEvent();
    expectInvalid(() => parseDhis2Payload(trackedEntity([{ ...nameless, deleted: true }]), mapping), 'events[0].event');
    const { programStage: __, ...stageless } = trackerEvent();
    expectInvalid(() => parseDhis2Payload(trackedEntity([{ ...stageless, deleted: true }]), mapping), 'events[0].programStage');
  });

  it('should withdraw a deleted vaccination event of either API generation, whatever its status, without reading its data', () => {
    for (const payload of [
      trackedEntity([{ ...trackerEvent({ values: {} }), deleted: true }]),
      trackedEntityInstance([{ ...legacyEvent({ status: 'ACTIVE', values: {} }), deleted: true }]),
    ]) {
      const { requests, skipped, withdrawals } = parseDhis2Payload(payload, mapping);
      expect(requests).to.deep.equal([]);
      expect(skipped).to.deep.equal([]);
      expect(withdrawals).to.deep.equal([{ event: 'FyEg9Ah0nLM', trackedEntity: 'PQfMcpmXeFE', sourceKeyPrefix: PREFIX,
        reason: 'deleted in DHIS2 (event FyEg9Ah0nLM)' }]);
    }
  });

  it('should withdraw every event of a deleted enrollment or tracked entity, and certify none of them', () => {
    const entity = trackedEntity([trackerEvent(), trackerEvent({ event: 'Sc2ndDose00' })]);
    const withoutEnrollment = { ...entity, enrollments: (entity.enrollments as object[]).map((e) => ({ ...e, deleted: true })) };
    const deletedEntity = { ...entity, deleted: true };
    expect(parseDhis2Payload(withoutEnrollment, mapping).withdrawals.map((w) => [w.sourceKeyPrefix, w.reason])).to.deep.equal([
      [PREFIX, 'deleted in DHIS2 (event FyEg9Ah0nLM, with its enrollment)'],
      ['dhis2:PQfMcpmXeFE:Sc2ndDose00:', 'deleted in DHIS2 (event Sc2ndDose00, with its enrollment)'],
    ]);
    const result = parseDhis2Payload(deletedEntity, mapping);
    expect(result.requests).to.deep.equal([]);
    expect(result.withdrawals.map((w) => w.reason)).to.deep.equal([
      'deleted in DHIS2 (event FyEg9Ah0nLM, with tracked entity PQfMcpmXeFE)',
      'deleted in DHIS2 (event Sc2ndDose00, with tracked entity PQfMcpmXeFE)',
    ]);
  });

  it('should withdraw an event listed both deleted and not, once', () => {
    const { requests, withdrawals } = parseDhis2Payload(trackedEntity([trackerEvent(), { ...trackerEvent(), deleted: true },
      { ...trackerEvent(), deleted: true }]), mapping);
    expect(requests).to.deep.equal([]);
    expect(withdrawals.map((w) => w.sourceKeyPrefix)).to.deep.equal([PREFIX]);
  });

  it('should certify an event with deleted: false as before', () => {
    const { requests, withdrawals } = parseDhis2Payload(trackedEntity([{ ...trackerEvent(), deleted: false }]), mapping);
    expect(withdrawals).to.deep.equal([]);
    expect(requests.map((r) => r.sourceKey)).to.deep.equal([`${PREFIX}1`]);
  });
});
