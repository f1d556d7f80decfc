import { deflateSync } from 'fflate';
import { HealthcredError } from '@healthcred/errors';
import type { JsonValue, SignedHealthCredential } from '@healthcred/types';
import { decodeBase45, encodeBase45 } from './base45.js';
import { inflateBounded } from './bounded-inflate.js';
import { derivedValue, isDerivedKind, readSlot, writeSlot } from './compact-slots.js';
import {
  COMPACT_V1, COMPACT_V2, COMPACT_V4, VALUE_SEPARATOR, type CompactFormat, type DerivedSlotKind, type TemplateLeaf,
} from './compact-template.js';
import { assertCredentialShape } from './credential-json.js';
import { deletePath, getPath, mergeInto, setPath, sortedJson, type JsonContainer, type JsonPath } from './json-tree.js';
import { invalidQr, MAX_QR_PAYLOAD_BYTES } from './limits.js';

/** Starts the part of the text that carries what the template does not foresee: JSON `[rest, missingConstants]`. */
const REST_MARK = '\u001d';
const FORMATS: readonly CompactFormat[] = [COMPACT_V1, COMPACT_V2, COMPACT_V4];

/** The format version whose prefix `payload` starts with, if any. */
export function compactFormatOf(payload: string): CompactFormat | undefined {
  return FORMATS.find((format) => payload.startsWith(format.prefix));
}

/** Lays a credential out against a template: its text (slot values, then the rest) and its binary values. */
function layOut(credential: SignedHealthCredential, leaves: readonly TemplateLeaf[]): { text: string; binary: Uint8Array[] } {
  const source = credential as unknown as JsonValue;
  const rest = structuredClone(credential) as unknown as JsonContainer;
  const slots: string[] = [];
  const binary: Uint8Array[] = [];
  const missing: number[] = [];
  leaves.forEach((leaf, index) => {
    const value = getPath(source, leaf.path);
    if ('slot' in leaf) {
      slots.push(writeSlot(value, leaf.slot, source, binary));
      if (value !== undefined) deletePath(rest, leaf.path);
    } else if (value !== undefined && sortedJson(value) === sortedJson(leaf.constant)) {
      deletePath(rest, leaf.path);
    } else if (value !== undefined || getPath(source, leaf.path.slice(0, -1)) !== undefined) {
      missing.push(index);
    }
  });
  while (slots.length > 0 && slots[slots.length - 1] === '') slots.pop();
  const hasRest = Object.keys(rest).length > 0 || missing.length > 0;
  return { text: slots.join(VALUE_SEPARATOR) + (hasRest ? REST_MARK + JSON.stringify([rest, missing]) : ''), binary };
}

function readRest(text: string | undefined): [JsonContainer, number[]] {
  if (text === undefined) return [{}, []];
  try {
    const [rest, missing] = JSON.parse(text) as unknown[];
    if (typeof rest === 'object' && rest !== null && Array.isArray(missing) && missing.every(Number.isInteger)) {
      return [rest as JsonContainer, missing as number[]];
    }
  } catch (cause) {
    throw invalidQr('The compact QR payload holds malformed extra fields.', cause);
  }
  throw invalidQr('The compact QR payload holds malformed extra fields.');
}

/** Rebuilds the credential from a template, its text and its binary values. */
function rebuild(leaves: readonly TemplateLeaf[], text: string, binary: Uint8Array[]): unknown {
  const restAt = text.indexOf(REST_MARK);
  const slotPart = restAt === -1 ? text : text.slice(0, restAt);
  const slotTexts = slotPart === '' ? [] : slotPart.split(VALUE_SEPARATOR);
  const [rest, missing] = readRest(restAt === -1 ? undefined : text.slice(restAt + 1));
  const slotLeaves = leaves.filter((leaf) => 'slot' in leaf);
  if (slotTexts.length > slotLeaves.length) throw invalidQr('The compact QR payload has more values than its template.');
  const credential: JsonContainer = {};
  const derived: { path: JsonPath; kind: DerivedSlotKind }[] = [];
  let slot = 0;
  const constants: { path: JsonPath; constant: JsonValue }[] = [];
  leaves.forEach((leaf, index) => {
    if (!('slot' in leaf)) {
      if (!missing.includes(index)) constants.push(leaf);
      return;
    }
    const found = readSlot(slotTexts[slot++] ?? '', leaf.slot, binary);
    if (found && 'value' in found) setPath(credential, leaf.path, found.value);
    else if (found && isDerivedKind(leaf.slot)) derived.push({ path: leaf.path, kind: leaf.slot });
  });
  for (const { path, constant } of constants) {
    if (getPath(credential, path.slice(0, -1)) !== undefined) setPath(credential, path, structuredClone(constant));
  }
  mergeInto(credential, rest);
  for (const { path, kind } of derived) {
    const value = derivedValue(credential as JsonValue, kind);
    if (value === undefined) throw invalidQr('The compact QR payload lacks the fields a derived id is made from.');
    setPath(credential, path, value);
  }
  return credential;
}

function pack(format: CompactFormat, template: number, { text, binary }: { text: string; binary: Uint8Array[] }): string {
  const deflated = deflateSync(new TextEncoder().encode(text), { level: 9, dictionary: format.dictionary });
  const head = [template, binary.length, ...binary.flatMap((bytes) => [bytes.length, ...bytes])];
  const body = new Uint8Array(head.length + deflated.length);
  body.set(head);
  body.set(deflated, head.length);
  return format.prefix + encodeBase45(body);
}

/**
 * Decodes a compact payload (see {@link encodeCompactQr}), of any version, back to the signed credential.
 * Surrounding whitespace is ignored.
 * @throws HealthcredError `invalid_input` when the payload is not a well-formed compact v1 or v2 payload of a
 *   credential.
 */
export function decodeCompactQr(payload: string): SignedHealthCredential {
  const trimmed = payload.trim();
  const format = compactFormatOf(trimmed);
  if (format === undefined) {
    throw invalidQr(`A compact QR payload starts with ${FORMATS.map((known) => known.prefix).join(' or ')}.`);
  }
  if (trimmed.length > MAX_QR_PAYLOAD_BYTES * 2) throw invalidQr('The compact QR payload is longer than any QR code.');
  const body = decodeBase45(trimmed.slice(format.prefix.length));
  const template = body[0] ?? -1;
  if (template < 0 || template >= format.templates.length) throw invalidQr('The compact QR payload names an unknown template.');
  const binary: Uint8Array[] = [];
  let at = 2;
  for (let i = 0; i < (body[1] ?? 0); i++) {
    const length = body[at] ?? 0;
    binary.push(body.subarray(at + 1, at + 1 + length));
    at += 1 + length;
  }
  if (at > body.length) throw invalidQr('The compact QR payload is truncated.');
  const text = inflateBounded(body.subarray(at), { what: 'The compact QR payload', dictionary: format.dictionary });
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(text);
  } catch (cause) {
    throw invalidQr('The compact QR payload does not inflate to UTF-8 text.', cause);
  }
  const credential = rebuild(format.templates[template]!, decoded, binary);
  assertCredentialShape(credential);
  return credential;
}

/**
 * Encodes a signed credential as a compact QR payload: a version prefix, then base45 (RFC 9285; the QR alphanumeric
 * set, so the payload is text-safe) of a template number, the binary base58 values (proof value and key
 * fingerprint) and the raw DEFLATE, with a preset dictionary, of the other values laid out against the template.
 * Field names, constants and ids derived from other fields are not sent; anything the template does not foresee is
 * sent as JSON, so every credential round-trips: the decoded credential is the same JSON up to key order, so its
 * original proof verifies. The encoder checks this before returning.
 *
 * A credential whose `credentialStatus` is an array of Status List 2021 entries (new credentials: revocation and
 * suspension) is written in v4 (`HCQ4:`); another array (the two Bitstring entries of credentials issued before) in
 * v2 (`HCQ2:`); any other (no status, or the one entry credentials were first issued with) in v1 (`HCQ1:`), each
 * byte for byte as before, so readers that only know v1 or v2 keep reading what they did. Deterministic. The
 * templates and dictionary of a version never change.
 *
 * @throws HealthcredError `invalid_input` when `credential` is not a signed credential.
 */
export function encodeCompactQr(credential: unknown): string {
  assertCredentialShape(credential);
  const status = credential.credentialStatus;
  const format = !Array.isArray(status) ? COMPACT_V1
    : status.some((entry) => entry?.type === 'StatusList2021Entry') ? COMPACT_V4 : COMPACT_V2;
  const types = credential.type as string[];
  const fitting = format.templateTypes.findIndex((type) => types.includes(type));
  const anyCredential = format.templates.length - 1;
  const expected = sortedJson(credential as unknown as JsonValue);
  for (const template of fitting === -1 ? [anyCredential] : [fitting, anyCredential]) {
    const payload = pack(format, template, layOut(credential, format.templates[template]!));
    if (sortedJson(decodeCompactQr(payload) as unknown as JsonValue) === expected) return payload;
  }
  throw new HealthcredError('internal', 'The compact QR encoding did not round-trip the credential.');
}
