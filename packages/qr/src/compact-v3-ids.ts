import { derivedUrnUuidV1 } from './derived-id.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** One id v3 may leave out: where it is, and what it must be to be left out (computed from the rest). */
interface DerivableId {
  holder: (credential: Json) => Json | undefined;
  value: (credential: Json) => string | undefined;
}

const evidence0 = (credential: Json) => (Array.isArray(credential.evidence) && isObject(credential.evidence[0]) ? credential.evidence[0] : undefined);
const uuid = (credential: Json, kind: string, key: unknown) =>
  typeof credential.issuer === 'string' && typeof key === 'string' ? derivedUrnUuidV1(credential.issuer, kind, key) : undefined;
const statusEntry = (i: number) => (credential: Json) => {
  const status = credential.credentialStatus;
  return Array.isArray(status) && isObject(status[i]) ? status[i] : undefined;
};

/** The ids healthcred derives, each one bit of the payload's flags (bit = index, 6 bits). PUBLISHED = IMMUTABLE. */
const DERIVABLE: readonly DerivableId[] = [
  { holder: (c) => c, value: (c) => uuid(c, 'credential', evidence0(c)?.certificateId) },
  // A subject without refId: derived from '' (as healthcred does), so it is the same for every such subject.
  { holder: (c) => (isObject(c.credentialSubject) ? c.credentialSubject : undefined), value: (c) => uuid(c, 'person', (c.credentialSubject as Json | undefined)?.refId ?? '') },
  { holder: evidence0, value: (c) => uuid(c, 'evidence', evidence0(c)?.certificateId) },
  ...[0, 1, 2].map((i): DerivableId => ({
    holder: statusEntry(i),
    value: (c) => {
      const entry = statusEntry(i)(c);
      return typeof entry?.statusListCredential === 'string' && typeof entry.statusListIndex === 'string'
        ? `${entry.statusListCredential}#${entry.statusListIndex}` : undefined;
    },
  })),
];

/** How many bits the flags of {@link elideDerivedIds} take. */
export const DERIVED_ID_BITS = 6;

/**
 * Leaves out of `credential` (a copy) the ids that are derived from its other fields, and returns which (one bit
 * each). The ids are computed before any is removed, so the order does not matter.
 */
export function elideDerivedIds(credential: Json): { rest: Json; flags: number } {
  const rest = structuredClone(credential);
  const elided = DERIVABLE.map((id) => id.value(rest) !== undefined && id.holder(rest)?.id === id.value(rest));
  let flags = 0;
  elided.forEach((yes, bit) => {
    if (!yes) return;
    delete DERIVABLE[bit]!.holder(rest)!.id;
    flags |= 1 << bit;
  });
  return { rest, flags };
}

/**
 * Puts back the ids `flags` names, computed from the other fields. Returns false when a flagged id cannot be
 * computed (its inputs or holder are missing) or is already there.
 */
export function restoreDerivedIds(credential: Json, flags: number): boolean {
  if (flags < 0 || flags >= 1 << DERIVABLE.length) return false;
  const values = DERIVABLE.map((id, bit) => (flags & (1 << bit) ? id.value(credential) : undefined));
  for (let bit = 0; bit < DERIVABLE.length; bit++) {
    if (!(flags & (1 << bit))) continue;
    const holder = DERIVABLE[bit]!.holder(credential);
    if (holder === undefined || values[bit] === undefined || 'id' in holder) return false;
    holder.id = values[bit];
  }
  return true;
}
