import { HealthcredError, isHealthcredError } from '@healthcred/errors';
import type { OrgUnit } from '@healthcred/types';
import { InputReader } from '@healthcred/validation';
import { PAYLOAD_UID } from './payload-shapes.js';
import { normalizeText } from './reader-helpers.js';

/** The most org units one export may hold (a national hierarchy has tens of thousands). */
const MAX_ORG_UNITS = 500_000;
const PATH = /^(\/[A-Za-z][A-Za-z0-9]{10}){1,20}$/;

interface RawUnit {
  unit: Omit<OrgUnit, 'path' | 'level'> & { path?: string; level?: number };
  reader: InputReader;
}

function readUnit(r: InputReader): RawUnit {
  const text = (name: string, maxLength: number) => r.field(name).optional((f) => f.string({ maxLength }));
  const id = r.field('id').string(PAYLOAD_UID);
  const parentField = r.field('parent');
  const parent = parentField.isMissing || parentField.value === null ? undefined : parentField.field('id').string(PAYLOAD_UID);
  const path = r.field('path').optional((f) => f.string({
    maxLength: 300, pattern: { regex: PATH, description: 'a path of UIDs such as /ImspTQPwCqd/O6uvpzGd5pu' },
  }));
  const unit: RawUnit['unit'] = { id, name: normalizeText(r.field('name').string({ maxLength: 230 })) };
  const code = text('code', 50);
  const shortName = text('shortName', 100);
  const level = r.field('level').optional((f) => f.integer({ min: 1, max: 20 }));
  if (code !== undefined) unit.code = code;
  if (shortName !== undefined) unit.shortName = normalizeText(shortName);
  if (parent !== undefined) unit.parent = parent;
  if (path !== undefined) unit.path = path;
  if (level !== undefined) unit.level = level;
  return { unit, reader: r };
}

/** The path of `raw`: its own, or built from the parents in the same export (a metadata export may lack paths). */
function pathOf(raw: RawUnit, byId: Map<string, RawUnit>): string {
  if (raw.unit.path !== undefined) return raw.unit.path;
  const chain = [raw.unit.id];
  for (let at = raw.unit.parent; at !== undefined; at = byId.get(at)?.unit.parent) {
    if (chain.includes(at) || chain.length >= 20) raw.reader.field('parent').fail('forms a cycle or is deeper than 20 levels');
    const parent = byId.get(at);
    if (parent?.unit.path !== undefined) return `${parent.unit.path}/${chain.reverse().join('/')}`;
    if (parent === undefined) raw.reader.field('path').fail(`is required: the parent ${at} is not in the export`);
    chain.push(at);
  }
  return `/${chain.reverse().join('/')}`;
}

function complete(raw: RawUnit, byId: Map<string, RawUnit>): OrgUnit {
  const path = pathOf(raw, byId);
  const segments = path.slice(1).split('/');
  const r = raw.reader;
  if (segments.at(-1) !== raw.unit.id) r.field('path').fail(`must end with the org unit's own UID ${raw.unit.id}`);
  if (raw.unit.level !== undefined && raw.unit.level !== segments.length) {
    r.field('level').fail(`is ${raw.unit.level} but the path has ${segments.length} levels`);
  }
  const parent = segments.at(-2);
  if (raw.unit.parent !== undefined && raw.unit.parent !== parent) r.field('parent').fail('is not the last ancestor of the path');
  const { path: _path, level: _level, ...rest } = raw.unit;
  return { ...rest, ...(parent === undefined ? {} : { parent }), level: segments.length, path };
}

function listOf(r: InputReader): InputReader {
  if (Array.isArray(r.value)) return r;
  const list = r.field('organisationUnits');
  if (list.isMissing) r.fail('is not a DHIS2 organisation unit export: expected an "organisationUnits" list');
  return list;
}

/**
 * Reads DHIS2's organisation unit export: the JSON of `/api/organisationUnits?paging=false&fields=id,code,name,
 * shortName,level,path,parent[id]` (paged answers too: the `pager` is ignored), a metadata export holding
 * `organisationUnits` beside other lists, or a bare array of org units. `level` and `path` are checked against each
 * other; a unit without `path` gets one from its `parent` chain within the same export. Names are NFC-normalised.
 *
 * @param json the parsed JSON.
 * @param source where it came from (a file name or URL), prefixed to error messages.
 * @returns the org units in export order, each with `level`, `path` and (below the root) `parent`.
 * @throws HealthcredError `invalid_input` naming the source and field, e.g. `ou.json: organisationUnits[3].path:
 *   must end with the org unit's own UID ...`; also when a UID appears twice.
 */
export function parseOrgUnitExport(json: unknown, source: string): OrgUnit[] {
  try {
    const list = listOf(InputReader.of(json, 'export'));
    const raws = list.array({ maxItems: MAX_ORG_UNITS }).map(readUnit);
    const byId = new Map<string, RawUnit>();
    for (const raw of raws) {
      if (byId.has(raw.unit.id)) raw.reader.field('id').fail(`repeats the org unit ${raw.unit.id}`);
      byId.set(raw.unit.id, raw);
    }
    return raws.map((raw) => complete(raw, byId));
  } catch (error) {
    if (!isHealthcredError(error)) throw error;
    throw new HealthcredError('invalid_input', `${source}: ${error.message}`, { field: error.field, cause: error });
  }
}
