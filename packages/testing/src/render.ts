import type {
  StandInEvent, StandInOrgUnit, StandInTrackedEntity, StandInValue, StandInVersion,
} from './stand-in-types.js';

/** The minor version: `2.40.5` -> 40. */
export function minorOf(version: StandInVersion): number {
  return Number(version.split('.')[1]);
}

const values = (list: StandInValue[], key: 'attribute' | 'dataElement') =>
  list.map((item) => ({ [key]: item.uid, value: item.value }));

/** An event as `/api/tracker/events` sends it; `orgUnitName` only before 2.41, as documented. */
export function trackerEvent(event: StandInEvent, entity: StandInTrackedEntity, context: RenderContext): object {
  return {
    event: event.event, status: event.status, program: context.program, programStage: event.programStage,
    enrollment: entity.enrollment.enrollment, trackedEntity: entity.trackedEntity, orgUnit: event.orgUnit,
    ...(minorOf(context.version) < 41 ? { orgUnitName: context.orgUnitName(event.orgUnit) } : {}),
    occurredAt: event.occurredAt, createdAt: event.occurredAt.slice(0, 10) + 'T09:00:00.000', updatedAt: event.updatedAt,
    followUp: false, deleted: event.deleted ?? false, dataValues: values(event.dataValues, 'dataElement'), notes: [],
  };
}

/** An event as the deprecated `/api/events` sends it. */
export function legacyEvent(event: StandInEvent, entity: StandInTrackedEntity, context: RenderContext): object {
  return {
    event: event.event, status: event.status, program: context.program, programStage: event.programStage,
    enrollment: entity.enrollment.enrollment, trackedEntityInstance: entity.trackedEntity, orgUnit: event.orgUnit,
    orgUnitName: context.orgUnitName(event.orgUnit), eventDate: event.occurredAt, created: event.occurredAt,
    lastUpdated: event.updatedAt, deleted: event.deleted ?? false, dataValues: values(event.dataValues, 'dataElement'),
  };
}

/** A tracked entity as `/api/tracker/trackedEntities` sends it; its events in the enrollment when `withEvents`. */
export function trackerEntity(entity: StandInTrackedEntity, context: RenderContext, withEvents = false): object {
  return {
    trackedEntity: entity.trackedEntity, trackedEntityType: context.trackedEntityType, orgUnit: entity.orgUnit,
    createdAt: entity.createdAt, updatedAt: entity.updatedAt, inactive: false, deleted: false,
    attributes: values(entity.attributes, 'attribute'),
    enrollments: [{ enrollment: entity.enrollment.enrollment, program: context.program, status: 'ACTIVE',
      orgUnit: entity.enrollment.orgUnit, enrolledAt: entity.enrollment.enrolledAt, trackedEntity: entity.trackedEntity,
      ...(withEvents ? { events: entity.events.map((event) => trackerEvent(event, entity, context)) } : {}) }],
  };
}

/** A tracked entity as the deprecated `/api/trackedEntityInstances` sends it; with its events when `withEvents`. */
export function legacyEntity(entity: StandInTrackedEntity, context: RenderContext, withEvents = false): object {
  return {
    trackedEntityInstance: entity.trackedEntity, trackedEntityType: context.trackedEntityType, orgUnit: entity.orgUnit,
    created: entity.createdAt, lastUpdated: entity.updatedAt, inactive: false, deleted: false,
    attributes: values(entity.attributes, 'attribute'),
    enrollments: [{ enrollment: entity.enrollment.enrollment, program: context.program, status: 'ACTIVE',
      orgUnit: entity.enrollment.orgUnit, enrollmentDate: entity.enrollment.enrolledAt,
      trackedEntityInstance: entity.trackedEntity,
      ...(withEvents ? { events: entity.events.map((event) => legacyEvent(event, entity, context)) } : {}) }],
  };
}

/** What rendering needs besides the object. */
export interface RenderContext {
  version: StandInVersion;
  program: string;
  trackedEntityType: string;
  orgUnitName(uid: string): string | undefined;
}

/**
 * A page of a list in the documented envelope: 2.36-2.40 tracker `{instances, page, pageSize}`, 2.41 tracker
 * `{pager: {page, pageSize}, <listKey>}`, deprecated endpoints `{pager: {page, pageCount, total, pageSize}, <listKey>}`.
 */
export function envelope(options: { generation: 'tracker' | 'legacy'; version: StandInVersion; listKey: string;
  items: object[]; page: number; pageSize: number; total: number }): object {
  const { items, page, pageSize, total, listKey } = options;
  if (options.generation === 'legacy') {
    return { pager: { page, pageCount: Math.max(1, Math.ceil(total / pageSize)), total, pageSize }, [listKey]: items };
  }
  if (minorOf(options.version) < 41) return { instances: items, page, pageSize };
  return { pager: { page, pageSize }, [listKey]: items };
}

/** The org units with only the fields the export was asked for (`id` always). */
export function orgUnitFields(units: StandInOrgUnit[], fields: string | undefined): object[] {
  if (fields === undefined || fields === '' || fields === '*') return units;
  const wanted = new Set(fields.replace(/\[[^\]]*\]/g, '').split(',').map((field) => field.trim()));
  return units.map((unit) => Object.fromEntries(Object.entries(unit).filter(([key]) => key === 'id' || wanted.has(key))));
}
