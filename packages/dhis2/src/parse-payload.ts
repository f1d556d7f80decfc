import { HealthcredError } from '@healthcred/errors';
import { canonicalJson, type CertificationRequest } from '@healthcred/records';
import { mapVaccinationEvent, type EventSource, type FacilityLookup } from './map-event.js';
import { DHIS2_UID, type Dhis2Mapping } from './mapping-types.js';
import { collectTrackedEntities } from './payload-shapes.js';

/**
 * One vaccination event to certify: a {@link CertificationRequest} whose `sourceKey` is
 * `dhis2:${trackedEntity}:${event}:${dose}` (the idempotency key of the certificate), whose record passes
 * `parseVaccinationRecord` and never contains the national ID, with the event it came from. The issuer hashes the
 * record when it certifies it: a replay of the same event with only a new `lastUpdated` / `updatedAt` is a duplicate.
 */
export type Dhis2CertificationRequest = Extract<CertificationRequest, { kind: 'vaccination' }> & { source: EventSource };

/** An event of the payload that is not certified, with the reason (not an error). */
export interface SkippedEvent {
  event: string;
  trackedEntity?: string;
  reason: string;
}

/** What {@link parseDhis2Payload} found in a payload. */
export interface Dhis2PayloadResult {
  requests: Dhis2CertificationRequest[];
  skipped: SkippedEvent[];
}

/** What a payload is mapped with besides the mapping. */
export interface PayloadContext {
  /** Facilities of org units from the org unit directory (see `orgUnitFacilities`). Default: none. */
  facilities?: FacilityLookup;
}

/**
 * The org unit UIDs the events of a payload name (to look up in the org unit directory before mapping it), in
 * order of appearance, each once. Malformed parts are left out here: {@link parseDhis2Payload} reports them.
 */
export function dhis2PayloadOrgUnits(json: unknown): string[] {
  const found = new Set<string>();
  try {
    for (const entity of collectTrackedEntities(json)) {
      for (const { reader } of entity.events) {
        const uid = reader.field('orgUnit').value;
        if (typeof uid === 'string' && DHIS2_UID.test(uid)) found.add(uid);
      }
    }
  } catch {
    // An unreadable payload names no org unit: mapping it fails with the reason.
  }
  return [...found];
}

/**
 * Turns a DHIS2 Tracker payload into certification requests, one per COMPLETED event of a vaccination stage.
 *
 * Accepted shapes, from both API generations (legacy `/api/trackedEntityInstances` with `trackedEntityInstance`,
 * `eventDate`, `lastUpdated`; new `/api/tracker` with `trackedEntity`, `occurredAt`, `updatedAt`): one tracked
 * entity; the lists `{trackedEntityInstances}`, `{instances}`, `{trackedEntities}` (events may also sit in a flat
 * `events` list beside them); `{event, trackedEntity}`; and a DHIS2 event hook envelope `{path, meta, object}`
 * around any of these. Unknown keys are ignored. Events that are not COMPLETED, are deleted, or belong to another
 * program or stage are returned in `skipped`. An event listed twice with the same content is returned once.
 * Facilities: see `mapVaccinationEvent` (mapping, then `context.facilities`, then the event's `orgUnitName`).
 *
 * @throws HealthcredError `invalid_input` when the payload is malformed or a completed vaccination event cannot
 *   be mapped. The message names the event, the field and the DHIS2 UID (`event ABC dataValues[dataElement=
 *   LUIsbsm3okG] (dose number): is not a dose option ...`) and never echoes names, birth dates or national IDs.
 */
export function parseDhis2Payload(json: unknown, mapping: Dhis2Mapping, context: PayloadContext = {}): Dhis2PayloadResult {
  const facilities = context.facilities ?? new Map();
  const requests: Dhis2CertificationRequest[] = [];
  const skipped: SkippedEvent[] = [];
  const seen = new Map<string, string>();
  for (const entity of collectTrackedEntities(json)) {
    for (const event of entity.events) {
      const outcome = mapVaccinationEvent(event, entity, mapping, facilities);
      if (outcome.kind === 'skipped') {
        skipped.push({ event: outcome.event, trackedEntity: entity.uid, reason: outcome.reason });
        continue;
      }
      const { record, source } = outcome;
      const content = canonicalJson(record);
      const previous = seen.get(source.event);
      if (previous === content) continue;
      if (previous !== undefined) {
        throw new HealthcredError('invalid_input', `event ${source.event}: appears twice in the payload with different values.`,
          { field: event.reader.path });
      }
      seen.set(source.event, content);
      requests.push({
        sourceKey: `dhis2:${source.trackedEntity}:${source.event}:${record.vaccination.dose}`,
        kind: 'vaccination',
        record,
        source,
      });
    }
  }
  return { requests, skipped };
}
