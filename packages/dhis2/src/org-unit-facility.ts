import type { Facility, OrgUnit, PostalAddress } from '@healthcred/types';
import type { Dhis2Mapping, OrgUnitLevels } from './mapping-types.js';

/** The UIDs of the unit's ancestors, root first (from its `path`). */
export function orgUnitAncestors(unit: OrgUnit): string[] {
  return unit.path.slice(1).split('/').slice(0, -1);
}

function addressOf(unit: OrgUnit, lineage: readonly string[], known: ReadonlyMap<string, OrgUnit>, levels: OrgUnitLevels,
  country: string): PostalAddress {
  const address: PostalAddress = { addressCountry: country };
  for (const [part, level] of Object.entries(levels) as [keyof OrgUnitLevels, number][]) {
    if (level > unit.level) continue;
    const name = level === unit.level ? unit.name : known.get(lineage[level - 1]!)?.name;
    if (name !== undefined) address[part] = name;
  }
  return address;
}

/**
 * The facility printed for an event at each of `units`: the org unit's own name, and the address parts that
 * `mapping.orgUnitLevels` assigns to levels (`{"addressRegion": 2, "district": 3}`) named after the ancestor at
 * that level; the country is `mapping.country` unless a level is configured for it. An ancestor missing from
 * `units` leaves its part out; a level below the unit's own is ignored.
 *
 * @param options.units org units and their ancestors (as the org unit directory returns them).
 * @returns org unit UID -> facility, for every unit given.
 */
export function orgUnitFacilities(options: { units: readonly OrgUnit[]; mapping: Dhis2Mapping }): Map<string, Facility> {
  const known = new Map(options.units.map((unit) => [unit.id, unit]));
  const { orgUnitLevels, country } = options.mapping;
  return new Map(options.units.map((unit) => [unit.id, {
    name: unit.name,
    address: addressOf(unit, unit.path.slice(1).split('/'), known, orgUnitLevels, country),
  }]));
}
