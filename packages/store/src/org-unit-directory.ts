import type { OrgUnit } from '@healthcred/types';

/**
 * The org units of the DHIS2 instance, as its metadata describes them (a port by concern, apart from the
 * CredentialStore): filled by `healthcred dhis2 org-units import` and by each sync, read when mapping events to
 * name their facility and its district. Adapters: `openSqliteOrgUnitDirectory`, `connectMongoOrgUnitDirectory`.
 */
export interface OrgUnitDirectory {
  /**
   * Adds the units, replacing any stored unit of the same `id` whole (a renamed or moved unit takes its new name
   * and path). Atomic per call on SQLite; per unit on MongoDB (a repeated save completes an interrupted one).
   * @returns how many units were saved.
   * @throws TypeError when a unit lacks `id`, `name`, `path` or a positive `level`, or has a non-string optional field.
   */
  save(units: readonly OrgUnit[]): Promise<number>;
  /** The stored units among `ids`, in no particular order; unknown ids are left out. */
  find(ids: readonly string[]): Promise<OrgUnit[]>;
  /** How many units are stored. */
  count(): Promise<number>;
  close(): Promise<void>;
}

/** Checks a unit before it is stored. @throws TypeError naming the field. */
export function assertOrgUnit(unit: OrgUnit, index: number): void {
  for (const key of ['id', 'name', 'path'] as const) {
    if (typeof unit?.[key] !== 'string' || unit[key] === '') throw new TypeError(`units[${index}]."${key}" must be a non-empty string.`);
  }
  if (!Number.isInteger(unit.level) || unit.level < 1) throw new TypeError(`units[${index}]."level" must be a positive integer.`);
  for (const key of ['code', 'shortName', 'parent'] as const) {
    if (unit[key] !== undefined && typeof unit[key] !== 'string') throw new TypeError(`units[${index}]."${key}" must be a string when present.`);
  }
}

/** The unit without absent optional fields, so adapters return equal objects. */
export function toOrgUnit(fields: { id: string; name: string; level: number; path: string; code?: string | null;
  shortName?: string | null; parent?: string | null }): OrgUnit {
  const unit: OrgUnit = { id: fields.id, name: fields.name, level: fields.level, path: fields.path };
  if (fields.code != null) unit.code = fields.code;
  if (fields.shortName != null) unit.shortName = fields.shortName;
  if (fields.parent != null) unit.parent = fields.parent;
  return unit;
}
