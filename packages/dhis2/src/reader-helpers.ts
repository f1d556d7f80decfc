import type { InputReader } from '@healthcred/validation';

/** The keys of an object field; fails when the field is not a plain object. */
export function keysOf(r: InputReader): string[] {
  if (typeof r.value !== 'object' || r.value === null || Array.isArray(r.value)) r.fail('must be an object');
  return Object.keys(r.value as object);
}

/** Freezes an object and everything reachable from it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Text as certificates print it: Unicode NFC (so that the same name typed on two keyboards hashes the same) with
 * runs of white space collapsed to one space.
 */
export function normalizeText(value: string): string {
  return value.normalize('NFC').replace(/\s+/gu, ' ').trim();
}
