import { createHash } from 'node:crypto';
import type { HealthRecord } from '@healthcred/types';

/**
 * JSON with object keys sorted by UTF-16 code units and no white space (the key order of RFC 8785), so that equal
 * values always give equal text. `undefined` members are left out, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value).sort();
    let text = '';
    for (const key of keys) {
      const member = (value as Record<string, unknown>)[key];
      if (member !== undefined) text += `${text === '' ? '' : ','}${JSON.stringify(key)}:${canonicalJson(member)}`;
    }
    return `{${text}}`;
  }
  return JSON.stringify(value);
}

/**
 * SHA-256 (hex) of a record's kind and canonical JSON: the identity of its content. Two requests with one source key
 * and different hashes mean the source corrected the event; a replay with the same content has the same hash.
 */
export function recordHash({ kind, record }: HealthRecord): string {
  return createHash('sha256').update(`${kind}\n${canonicalJson(record)}`).digest('hex');
}
