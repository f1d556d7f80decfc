import { InputReader, isIsoDate, isIsoDateTime } from '@healthcred/validation';
import { DHIS2_UID } from './mapping-types.js';

/** UID rules for reading identifiers out of a payload. */
export const PAYLOAD_UID = {
  maxLength: 11,
  pattern: { regex: DHIS2_UID, description: 'a DHIS2 UID (11 letters or digits, starting with a letter)' },
};

/** One event as found in a payload, with the program of the enrollment it was nested in (if any). */
export interface RawEvent {
  reader: InputReader;
  enrollmentProgram?: string;
  /** Whether the enrollment it was nested in is deleted in DHIS2 (`deleted: true`). */
  enrollmentDeleted?: boolean;
}

/** A tracked entity of a payload: its UID, its attribute values by attribute UID and its events. */
export interface RawTrackedEntity {
  uid: string;
  path: string;
  attributes: ReadonlyMap<string, string>;
  events: RawEvent[];
  /** Whether the tracked entity is deleted in DHIS2 (`deleted: true`): every event of it is withdrawn. */
  deleted: boolean;
  /** When the person was registered (`YYYY-MM-DD`), the reference date of an age given instead of a birth date. */
  registeredOn?: string;
}

const LIST_KEYS = ['trackedEntityInstances', 'instances', 'trackedEntities'] as const;
const MAX_ITEMS = 10_000;

/** A DHIS2 value as text: DHIS2 sends strings; numbers and booleans from other producers are accepted as text. */
export function readValue(r: InputReader): string | undefined {
  if (r.isMissing) return undefined;
  if (typeof r.value === 'number' || typeof r.value === 'boolean') return String(r.value);
  if (typeof r.value !== 'string') r.fail('must be a string');
  const value = (r.value as string).trim();
  return value === '' ? undefined : value;
}

/** Reads `[{<key>: uid, value}]` (attributes or dataValues) into `into`; later entries win. */
export function readValueList(r: InputReader, key: 'attribute' | 'dataElement', into: Map<string, string>): void {
  for (const item of r.optional((f) => f.array({ maxItems: 2000 })) ?? []) {
    const uid = item.field(key).string({ maxLength: 50 });
    const value = readValue(item.field('value'));
    if (value !== undefined) into.set(uid, value);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The tracked entity UID field of either API generation (`trackedEntity` new, `trackedEntityInstance` legacy). */
export function trackedEntityRef(r: InputReader): InputReader {
  const modern = r.field('trackedEntity');
  return modern.isMissing ? r.field('trackedEntityInstance') : modern;
}

/** The first present date of `fields` as `YYYY-MM-DD`; a present value that is not a date fails. */
export function readFirstDate(fields: InputReader[]): string | undefined {
  const field = fields.find((candidate) => !candidate.isMissing);
  if (!field) return undefined;
  const value = field.string({ maxLength: 40 });
  if (!isIsoDate(value) && !isIsoDateTime(value)) field.fail('must be a date YYYY-MM-DD or an ISO 8601 date-time');
  return value.slice(0, 10);
}

/** The `deleted` flag DHIS2 sets on a soft-deleted tracked entity, enrollment or event (both API generations). */
export function readDeleted(r: InputReader): boolean {
  return r.field('deleted').optional((f) => f.boolean()) ?? false;
}

function readTrackedEntity(r: InputReader): RawTrackedEntity {
  const uid = trackedEntityRef(r).string(PAYLOAD_UID);
  const attributes = new Map<string, string>();
  readValueList(r.field('attributes'), 'attribute', attributes);
  const events: RawEvent[] = [];
  const enrollments = r.field('enrollments').optional((f) => f.array({ maxItems: 100 })) ?? [];
  const registeredOn = readFirstDate([r.field('createdAt'), r.field('created'),
    ...enrollments.flatMap((enrollment) => [enrollment.field('enrolledAt'), enrollment.field('enrollmentDate')])]);
  for (const enrollment of enrollments) {
    readValueList(enrollment.field('attributes'), 'attribute', attributes);
    const enrollmentProgram = enrollment.field('program').optional((f) => f.string(PAYLOAD_UID));
    const enrollmentDeleted = readDeleted(enrollment);
    for (const reader of enrollment.field('events').optional((f) => f.array({ maxItems: 1000 })) ?? []) {
      events.push({ reader, ...(enrollmentProgram === undefined ? {} : { enrollmentProgram }),
        ...(enrollmentDeleted ? { enrollmentDeleted } : {}) });
    }
  }
  const entity: RawTrackedEntity = { uid, path: r.path, attributes, events, deleted: readDeleted(r) };
  if (registeredOn !== undefined) entity.registeredOn = registeredOn;
  return entity;
}

/** Attaches events sent beside their tracked entities to the tracked entity they name. */
function attachLooseEvents(entities: RawTrackedEntity[], loose: InputReader[], fallback?: RawTrackedEntity): void {
  for (const reader of loose) {
    const ref = trackedEntityRef(reader);
    const uid = ref.isMissing && fallback ? fallback.uid : ref.string(PAYLOAD_UID);
    const owner = entities.find((entity) => entity.uid === uid) ??
      ref.fail('names a tracked entity that is not in the payload');
    owner.events.push({ reader });
  }
}

function collect(r: InputReader, out: RawTrackedEntity[]): void {
  if (Array.isArray(r.value)) {
    for (const item of r.array({ maxItems: MAX_ITEMS })) out.push(readTrackedEntity(item));
    return;
  }
  if (!isObject(r.value)) return r.fail(r.isMissing ? 'is required' : 'must be an object or an array');
  const body = r.value;
  if ('object' in body && ('path' in body || 'meta' in body)) return collect(r.field('object'), out);
  const listKey = LIST_KEYS.find((key) => key in body);
  if (listKey !== undefined) {
    const entities = r.field(listKey).array({ maxItems: MAX_ITEMS }).map(readTrackedEntity);
    out.push(...entities);
    attachLooseEvents(entities, r.field('events').optional((f) => f.array({ maxItems: MAX_ITEMS })) ?? []);
    return;
  }
  if (isObject(body.event)) {
    const entityField = isObject(body.trackedEntity) ? r.field('trackedEntity') : r.field('trackedEntityInstance');
    if (!isObject(entityField.value)) return r.field('trackedEntity').fail('is required beside an event (an object)');
    const entity = readTrackedEntity(entityField);
    out.push(entity);
    return attachLooseEvents([entity], [r.field('event')], entity);
  }
  if (typeof body.event === 'string') {
    return r.field('trackedEntity').fail('is required: send a bare event as {"event": {...}, "trackedEntity": {...}}');
  }
  if (!trackedEntityRef(r).isMissing) {
    out.push(readTrackedEntity(r));
    return;
  }
  r.fail('is not a DHIS2 tracked entity, a list of them, an event with its tracked entity or an event hook envelope');
}

/**
 * Finds the tracked entities of any accepted payload shape: a tracked entity of either API generation, the list
 * wrappers `trackedEntityInstances` / `instances` / `trackedEntities` (with optional flat `events` beside them, as
 * in a `/api/tracker` import bundle), `{event, trackedEntity}` and an event hook envelope `{path, meta, object}`.
 *
 * @throws HealthcredError `invalid_input` naming the field (`payload.trackedEntities[0].attributes[1].value`).
 */
export function collectTrackedEntities(json: unknown): RawTrackedEntity[] {
  const out: RawTrackedEntity[] = [];
  collect(InputReader.of(json, 'payload'), out);
  return out;
}
