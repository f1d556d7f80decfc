import { createHash } from 'node:crypto';
import type { HealthRecord, Recipient } from '@healthcred/types';

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

const spaced = (text: string) => text.normalize('NFC').replace(/\s+/gu, ' ').trim();

/** Whether `givenName`/`familyName` only split the full `name` (either order, or the family name alone). */
function onlySplitsName({ name, givenName, familyName }: Recipient): boolean {
  if (familyName === undefined) return givenName === undefined;
  const full = spaced(name);
  if (givenName === undefined) return spaced(familyName) === full;
  return [`${givenName} ${familyName}`, `${familyName} ${givenName}`].some((joined) => spaced(joined) === full);
}

/** The recipient as hashed: without name parts that add nothing to the full name (see {@link recordHash}). */
function hashedRecipient(recipient: Recipient): Recipient {
  if (!onlySplitsName(recipient)) return recipient;
  const { givenName: _given, familyName: _family, ...rest } = recipient;
  return rest;
}

/**
 * SHA-256 (hex) of a record's kind and canonical JSON: the identity of its content. Two requests with one source key
 * and different hashes mean the source corrected the event; a replay with the same content has the same hash.
 *
 * A recipient's `givenName`/`familyName` are left out when they only split its `name` (given then family, family
 * then given, or the family name alone): registries sent the same names before records kept the parts, and a replay
 * of an event certified then must stay a duplicate, not revoke the certificate as a correction. So a correction
 * that only moves the split between given and family name is not seen as one. Latin forms always count. A request's
 * `expiresAt` counts too: a changed expiry is a changed certificate.
 */
export function recordHash({ kind, record, expiresAt }: HealthRecord & { expiresAt?: string }): string {
  const hashed = { ...record, recipient: hashedRecipient(record.recipient) };
  // Only a request with an expiry hashes one, so every record certified before keeps its hash.
  const expiry = expiresAt === undefined ? '' : `\nexpires ${expiresAt}`;
  return createHash('sha256').update(`${kind}\n${canonicalJson(hashed)}${expiry}`).digest('hex');
}
