import { Decoder, Encoder } from 'cbor-x';

/**
 * Plain CBOR as COSE and the DCC expect: JS objects and Maps as CBOR maps (no cbor-x records; with
 * `mapsAsObjects: false` cbor-x writes no tag 259 for Maps),
 * Uint8Arrays as byte strings (no tag 64), map sizes in the shortest form.
 */
export function encodeCbor(value: unknown): Uint8Array {
  const encoder = new Encoder({ useRecords: false, mapsAsObjects: false, tagUint8Array: false, variableMapSize: true });
  return encoder.encode(value);
}

/** Decodes CBOR with every map as a `Map` (COSE and CWT keys are integers). Throws on malformed input. */
export function decodeCbor(bytes: Uint8Array): unknown {
  return new Decoder({ useRecords: false, mapsAsObjects: false }).decode(bytes);
}

/** A decoded value with string-keyed Maps turned into plain objects, recursively (the DCC JSON). */
export function toPlainJson(value: unknown): unknown {
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of value) out[String(key)] = toPlainJson(item);
    return out;
  }
  if (Array.isArray(value)) return value.map(toPlainJson);
  if (value instanceof Date) return value.toISOString();
  return value;
}
