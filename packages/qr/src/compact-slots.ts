import type { JsonValue } from '@healthcred/types';
import { decodeBase58, encodeBase58 } from '@healthcred/base58';
import type { DerivedSlotKind, SlotKind } from './compact-template.js';
import { derivedUrnUuidV1 } from './derived-id.js';
import { getPath } from './json-tree.js';
import { invalidQr } from './limits.js';

/** A slot value sent as JSON (a number, a boolean, or a string with control characters) starts with this. */
const JSON_MARK = '\u001e';
/** A derived id, sent as this one character. */
const DERIVED_MARK = '\u001c';
/** Ends a value whose base58btc tail is sent as bytes. */
const BINARY_MARK = '\u001b';
const CONTROL = /[\u001b-\u001f]/;
const BASE58_TAIL = /^(.*?)z([1-9A-HJ-NP-Za-km-z]+)$/;

/** Whether a slot's value may be sent as the derived marker. */
export function isDerivedKind(kind: SlotKind): kind is DerivedSlotKind {
  return kind.type === 'derived' || kind.type === 'fragment';
}

/** The value a `derived` or `fragment` slot would hold for `credential`, when its inputs are there. */
export function derivedValue(credential: JsonValue, kind: DerivedSlotKind): string | undefined {
  if (kind.type === 'fragment') {
    const base = getPath(credential, kind.basePath);
    const fragment = getPath(credential, kind.fragmentPath);
    return typeof base === 'string' && typeof fragment === 'string' ? `${base}#${fragment}` : undefined;
  }
  const issuer = getPath(credential, ['issuer']);
  const key = getPath(credential, kind.keyPath);
  return typeof issuer === 'string' && typeof key === 'string' ? derivedUrnUuidV1(issuer, kind.kind, key) : undefined;
}

/**
 * Writes one slot's value as text (appending any bytes it sends to `binary`). `''` means absent.
 * @param credential - The whole credential, for derived ids.
 */
export function writeSlot(value: JsonValue | undefined, kind: SlotKind, credential: JsonValue, binary: Uint8Array[]): string {
  if (value === undefined) return '';
  if (isDerivedKind(kind) && value === derivedValue(credential, kind)) return DERIVED_MARK;
  if (typeof value !== 'string' || value === '' || CONTROL.test(value)) return JSON_MARK + JSON.stringify(value);
  const tail = kind.type === 'base58' ? BASE58_TAIL.exec(value) : null;
  if (tail) {
    const bytes = decodeBase58(tail[2]!);
    if (bytes && bytes.length <= 255 && encodeBase58(bytes) === tail[2]) {
      binary.push(bytes);
      return tail[1]! + BINARY_MARK;
    }
  }
  return value;
}

/** What {@link readSlot} found: a value, nothing, or a derived id to compute once the credential is complete. */
export type SlotValue = { value: JsonValue } | { derived: true } | undefined;

/**
 * Reads one slot's text, taking bytes from `binary` when the value sent some.
 * @throws HealthcredError `invalid_input` when the text is malformed or does not fit the slot.
 */
export function readSlot(text: string, kind: SlotKind, binary: Uint8Array[]): SlotValue {
  if (text === '') return undefined;
  if (text === DERIVED_MARK) {
    if (!isDerivedKind(kind)) throw invalidQr('The compact QR payload marks a non-id field as derived.');
    return { derived: true };
  }
  if (text.startsWith(JSON_MARK)) {
    try {
      return { value: JSON.parse(text.slice(1)) as JsonValue };
    } catch (cause) {
      throw invalidQr('The compact QR payload holds a malformed value.', cause);
    }
  }
  if (text.endsWith(BINARY_MARK)) {
    const bytes = binary.shift();
    if (kind.type !== 'base58' || bytes === undefined) throw invalidQr('The compact QR payload lacks a binary value.');
    return { value: `${text.slice(0, -1)}z${encodeBase58(bytes)}` };
  }
  if (CONTROL.test(text)) throw invalidQr('The compact QR payload holds a malformed value.');
  return { value: text };
}
