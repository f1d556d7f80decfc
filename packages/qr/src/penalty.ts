/**
 * qrcode's mask penalty (`getPenaltyN1`..`N4` of qrcode 1.5), computed 32 modules at a time. A symbol's lines
 * (its rows, or its columns) are bits: line `l`, word `w`, bit `b` is module `32w + b` of the line; each line ends
 * with a zero word, so that a line shifted by up to 31 modules reads across its words.
 */
export interface BitLines {
  size: number;
  /** Words per line, the zero word included. */
  stride: number;
  words: Int32Array;
}

export function bitLines(size: number): BitLines {
  const stride = ((size + 31) >>> 5) + 1;
  return { size, stride, words: new Int32Array(size * stride) };
}

/** Sets module `at` of line `line`. */
export function setBit(lines: BitLines, line: number, at: number, bit: number): void {
  const index = line * lines.stride + (at >>> 5);
  const flag = 1 << (at & 31);
  lines.words[index] = bit ? lines.words[index]! | flag : lines.words[index]! & ~flag;
}

function popcount(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Bit `b` of the result is module `32w + b + by` of the line whose word `w` is at `index`. */
function shifted(words: Int32Array, index: number, by: number): number {
  return (words[index]! >>> by) | (words[index + 1]! << (32 - by));
}

/** For each word of a line, the positions (bits) where a window of `length` modules fits in the line. */
function windowStarts(size: number, stride: number, length: number): Int32Array {
  const count = size - length + 1;
  return Int32Array.from({ length: stride }, (_, w) =>
    count >= 32 * (w + 1) ? -1 : count <= 32 * w ? 0 : (1 << (count - 32 * w)) - 1);
}

/** The positions where windows of 2, 5 and 11 modules fit, for {@link linePenalty} and {@link areaPenalty}. */
export interface Windows {
  two: Int32Array;
  five: Int32Array;
  eleven: Int32Array;
}

export function windows(size: number): Windows {
  const { stride } = bitLines(size);
  return { two: windowStarts(size, stride, 2), five: windowStarts(size, stride, 5), eleven: windowStarts(size, stride, 11) };
}

/**
 * N1 + N3 of every line: a run of 5+ alike costs 3 + its length - 5, that is one per 5-window alike in it plus two
 * at its start; 40 per 11-module window 10111010000 or 00001011101 (qrcode's finder-like pattern, read in
 * the line's order).
 */
export function linePenalty({ stride, words }: BitLines, { five, eleven }: Windows): number {
  let alike = 0;
  let starts = 0;
  let finders = 0;
  const last = stride - 1;
  for (let base = 0; base < words.length; base += stride) {
    let carry = 0;
    for (let w = 0; w < last; w++) {
      const at = base + w;
      const x0 = words[at]!;
      const x1 = shifted(words, at, 1);
      const x2 = shifted(words, at, 2);
      const x3 = shifted(words, at, 3);
      const x4 = shifted(words, at, 4);
      const x5 = shifted(words, at, 5);
      const x6 = shifted(words, at, 6);
      const x7 = shifted(words, at, 7);
      const x8 = shifted(words, at, 8);
      const x9 = shifted(words, at, 9);
      const x10 = shifted(words, at, 10);
      const same = ~(x0 ^ x1);
      const run = same & ~(x1 ^ x2) & ~(x2 ^ x3) & ~(x3 ^ x4) & five[w]!;
      alike += popcount(run);
      starts += popcount(run & ~((same << 1) | carry));
      carry = same >>> 31;
      const finder = (x0 & ~x1 & x2 & x3 & x4 & ~x5 & x6 & ~(x7 | x8 | x9 | x10))
        | (~(x0 | x1 | x2 | x3) & x4 & ~x5 & x6 & x7 & x8 & ~x9 & x10);
      finders += popcount(finder & eleven[w]!);
    }
  }
  return alike + 2 * starts + 40 * finders;
}

/** N2 + N4 of the rows: 3 per 2x2 block alike; 10 per 5% the dark share is off 50%, rounded as qrcode does. */
export function areaPenalty({ size, stride, words }: BitLines, { two }: Windows): number {
  let dark = 0;
  for (let i = 0; i < words.length; i++) dark += popcount(words[i]!);
  let blocks = 0;
  const last = stride - 1;
  for (let base = 0; base + stride < words.length; base += stride) {
    for (let w = 0; w < last; w++) {
      const a0 = words[base + w]!;
      const b0 = words[base + stride + w]!;
      const a1 = shifted(words, base + w, 1);
      const b1 = shifted(words, base + stride + w, 1);
      blocks += popcount(~(a0 ^ a1) & ~(a0 ^ b0) & ~(a1 ^ b1) & two[w]!);
    }
  }
  return blocks * 3 + Math.abs(Math.ceil((dark * 100 / (size * size)) / 5) - 10) * 10;
}
