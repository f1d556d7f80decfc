import { orgUnitAncestors, orgUnitFacilities, type Dhis2Mapping, type FacilityLookup } from '@healthcred/dhis2';
import type { OrgUnitDirectory } from '@healthcred/store';

/** Where the issuer finds facilities: the org unit directory, and a refresh from DHIS2 when one is unknown. */
export interface FacilitySource {
  orgUnits: OrgUnitDirectory;
  /** Saves DHIS2's current org units into the directory (set when the issuer pulls from DHIS2). */
  refresh?: () => Promise<void>;
}

/**
 * The facilities of the org units `named` by payloads (with their ancestors, for the address), from the directory;
 * when some are unknown and `refresh` is set, refreshes once and looks again. Org units the mapping lists are not
 * looked up. Unknown ones are left out: mapping then falls back to `orgUnitName`, or fails naming the UID.
 */
export async function lookUpFacilities(named: string[][], mapping: Dhis2Mapping, source: FacilitySource | undefined):
  Promise<FacilityLookup> {
  if (source === undefined) return new Map();
  const uids = [...new Set(named.flat())].filter((uid) => mapping.orgUnits[uid] === undefined);
  if (uids.length === 0) return new Map();
  let units = await source.orgUnits.find(uids);
  if (units.length < uids.length && source.refresh) {
    await source.refresh();
    units = await source.orgUnits.find(uids);
  }
  const known = new Set(units.map((unit) => unit.id));
  const ancestors = [...new Set(units.flatMap(orgUnitAncestors))].filter((uid) => !known.has(uid));
  return orgUnitFacilities({ units: ancestors.length === 0 ? units : [...units, ...await source.orgUnits.find(ancestors)], mapping });
}

/** `work`, run at most once per `intervalMs` (later calls within it resolve at once): DHIS2 is not asked per message. */
export function atMostEvery(intervalMs: number, work: () => Promise<void>, now: () => number = Date.now): () => Promise<void> {
  let last = Number.NEGATIVE_INFINITY;
  return async () => {
    if (now() - last < intervalMs) return;
    last = now();
    await work();
  };
}
