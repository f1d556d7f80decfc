import type { InputReader } from '@healthcred/validation';
import type { OrgUnitLevels } from './mapping-types.js';
import { dropUndefined } from '@healthcred/records';

const LEVEL_KEYS = ['addressCountry', 'addressRegion', 'district', 'city'] as const;

/** Reads the mapping's `orgUnitLevels` (address part -> org unit level, 1 to 20); absent means none. */
export function readOrgUnitLevels(r: InputReader): OrgUnitLevels {
  if (r.isMissing) return {};
  r.onlyKeys(LEVEL_KEYS);
  return dropUndefined(Object.fromEntries(LEVEL_KEYS.map((key) => [key, r.field(key).optional((f) => f.integer({ min: 1, max: 20 }))])));
}
