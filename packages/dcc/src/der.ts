/**
 * The few DER (ITU-T X.690) encodings an X.509 certificate needs. Lengths use the definite form; integers are
 * minimal two's complement.
 */

function concat(parts: Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}

function length(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** A tag-length-value element. */
export function derTlv(tag: number, content: Uint8Array): Uint8Array {
  return concat([Uint8Array.of(tag), length(content.length), content]);
}

export const derSequence = (...items: Uint8Array[]): Uint8Array => derTlv(0x30, concat(items));
export const derSet = (...items: Uint8Array[]): Uint8Array => derTlv(0x31, concat(items));
/** `[n] EXPLICIT` (constructed, context-specific). */
export const derExplicit = (n: number, inner: Uint8Array): Uint8Array => derTlv(0xa0 | n, inner);
/** `[n] IMPLICIT` of a primitive (context-specific). */
export const derImplicit = (n: number, content: Uint8Array): Uint8Array => derTlv(0x80 | n, content);
export const derBoolean = (value: boolean): Uint8Array => derTlv(0x01, Uint8Array.of(value ? 0xff : 0x00));
export const derOctetString = (content: Uint8Array): Uint8Array => derTlv(0x04, content);
export const derUtf8String = (text: string): Uint8Array => derTlv(0x0c, Buffer.from(text, 'utf8'));
export const derPrintableString = (text: string): Uint8Array => derTlv(0x13, Buffer.from(text, 'ascii'));

/** A BIT STRING whose last byte has `unusedBits` padding bits. */
export function derBitString(content: Uint8Array, unusedBits = 0): Uint8Array {
  return derTlv(0x03, concat([Uint8Array.of(unusedBits), content]));
}

function numberBytes(n: number): Uint8Array {
  const bytes: number[] = [];
  for (let rest = n; ; rest = Math.floor(rest / 256)) {
    bytes.unshift(rest & 0xff);
    if (rest < 256) break;
  }
  return Uint8Array.from(bytes);
}

/** A non-negative INTEGER from its big-endian magnitude or a small number. */
export function derInteger(value: Uint8Array | number): Uint8Array {
  const bytes = typeof value === 'number' ? numberBytes(value) : value;
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const minimal = bytes.subarray(start);
  return derTlv(0x02, minimal[0]! & 0x80 ? concat([Uint8Array.of(0), minimal]) : minimal);
}

/** An OBJECT IDENTIFIER from dotted text, e.g. `2.5.29.19`. */
export function derOid(oid: string): Uint8Array {
  const [first, second, ...rest] = oid.split('.').map(Number) as [number, number, ...number[]];
  const out: number[] = [first * 40 + second];
  for (const arc of rest) {
    const base128: number[] = [];
    for (let n = arc; ; n = Math.floor(n / 128)) {
      base128.unshift((n % 128) | (base128.length === 0 ? 0 : 0x80));
      if (n < 128) break;
    }
    out.push(...base128);
  }
  return derTlv(0x06, Uint8Array.from(out));
}

/** UTCTime before 2050, GeneralizedTime from 2050 (RFC 5280 section 4.1.2.5), whole seconds in UTC. */
export function derTime(date: Date): Uint8Array {
  const iso = date.toISOString();
  const digits = iso.slice(0, 19).replace(/[-:T]/g, '') + 'Z';
  return date.getUTCFullYear() < 2050
    ? derTlv(0x17, Buffer.from(digits.slice(2), 'ascii'))
    : derTlv(0x18, Buffer.from(digits, 'ascii'));
}
