import type { QRCode, QRCodeMaskPattern } from 'qrcode';

/** ECC level bits of the format information (ISO/IEC 18004 table 12: L 01, M 00, Q 11, H 10). */
const ECC_BITS = { L: 1, M: 0, Q: 3, H: 2 } as const;
const G15 = 0b10100110111;
const G15_MASK = 0b101010000010010;

/** The 15 format information bits of `ecc` and `mask`: BCH(15,5), then XOR 101010000010010. */
function formatBits(ecc: keyof typeof ECC_BITS, mask: number): number {
  const data = (ECC_BITS[ecc] << 3) | mask;
  let remainder = data << 10;
  for (let bit = 14; bit >= 10; bit--) if (remainder & (1 << bit)) remainder ^= G15 << (bit - 10);
  return ((data << 10) | remainder) ^ G15_MASK;
}

/** The two module indices (row-major) of each format bit, as qrcode's `setupFormatInfo` places them. */
function formatIndices(size: number): Int32Array {
  const at = new Int32Array(30);
  for (let i = 0; i < 15; i++) {
    const row = i < 6 ? i : i < 8 ? i + 1 : size - 15 + i;
    const col = i < 8 ? size - i - 1 : i < 9 ? 15 - i : 14 - i;
    at[2 * i] = row * size + 8;
    at[2 * i + 1] = 8 * size + col;
  }
  return at;
}

function maskBit(mask: number, i: number, j: number): number {
  switch (mask) {
    case 0: return (i + j) % 2 === 0 ? 1 : 0;
    case 1: return i % 2 === 0 ? 1 : 0;
    case 2: return j % 3 === 0 ? 1 : 0;
    case 3: return (i + j) % 3 === 0 ? 1 : 0;
    case 4: return (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0 ? 1 : 0;
    case 5: return (i * j) % 2 + (i * j) % 3 === 0 ? 1 : 0;
    case 6: return ((i * j) % 2 + (i * j) % 3) % 2 === 0 ? 1 : 0;
    default: return ((i * j) % 3 + (i + j) % 2) % 2 === 0 ? 1 : 0;
  }
}

/** Every mask repeats every 12 rows and 6 columns: its bits for row % 12 and column % 6, mask after mask. */
const MASK_PERIOD_ROWS = 12;
const MASK_PERIOD_COLS = 6;
const MASK_TABLE = Uint8Array.from({ length: 8 * MASK_PERIOD_ROWS * MASK_PERIOD_COLS }, (_, at) =>
  maskBit(Math.floor(at / (MASK_PERIOD_ROWS * MASK_PERIOD_COLS)), Math.floor(at / MASK_PERIOD_COLS) % MASK_PERIOD_ROWS, at % MASK_PERIOD_COLS));

/**
 * Writes `unmasked` (or a masked symbol, to unmask it) with `mask` XORed into the modules that are not reserved (function patterns, format and version
 * information) into `masked`, row-major, and into `transposed`, column-major.
 */
function applyMask(
  { unmasked, free, size }: { unmasked: Uint8Array; free: Uint8Array; size: number },
  mask: number, masked: Uint8Array, transposed: Uint8Array,
): void {
  for (let row = 0, index = 0; row < size; row++) {
    const bits = (mask * MASK_PERIOD_ROWS + (row % MASK_PERIOD_ROWS)) * MASK_PERIOD_COLS;
    for (let col = 0, j = 0; col < size; col++, index++) {
      const module = unmasked[index]! ^ (MASK_TABLE[bits + j]! & free[index]!);
      masked[index] = module;
      transposed[col * size + row] = module;
      if (++j === MASK_PERIOD_COLS) j = 0;
    }
  }
}

/** qrcode's N1 (runs of 5+ alike: 3 + the excess) and N3 (40 per 11-module finder-like window) of each row. */
function rowPenalty(modules: Uint8Array, size: number): number {
  let points = 0;
  let finders = 0;
  for (let start = 0; start < modules.length; start += size) {
    let last = modules[start]!;
    let run = 1;
    let window = last;
    for (let k = 1; k < size; k++) {
      const module = modules[start + k]!;
      window = ((window << 1) & 0x7ff) | module;
      if (k >= 10 && (window === 0x5d0 || window === 0x05d)) finders++;
      if (module === last) run++;
      else {
        if (run >= 5) points += run - 2;
        last = module;
        run = 1;
      }
    }
    if (run >= 5) points += run - 2;
  }
  return points + finders * 40;
}

/** qrcode's N2 (3 per 2x2 block alike) and N4 (10 per 5% the dark share is off 50%, as qrcode rounds it). */
function areaPenalty(modules: Uint8Array, size: number): number {
  let dark = 0;
  for (let i = 0; i < modules.length; i++) dark += modules[i]!;
  let blocks = 0;
  for (let above = 0, here = size; here < modules.length; above += size, here += size) {
    let left = modules[above]! + modules[here]!;
    for (let col = 1; col < size; col++) {
      const right = modules[above + col]! + modules[here + col]!;
      const sum = left + right;
      if (sum === 0 || sum === 4) blocks++;
      left = right;
    }
  }
  return blocks * 3 + Math.abs(Math.ceil((dark * 100 / modules.length) / 5) - 10) * 10;
}

/** A masked QR symbol: its mask and its modules, row-major, 1 = dark. */
export interface MaskedSymbol {
  mask: QRCodeMaskPattern;
  size: number;
  modules: Uint8Array;
}

/**
 * `symbol` (made by qrcode with any given `maskPattern`) under the mask qrcode's `getBestMask` would choose: the
 * lowest penalty of the 8 masked symbols, each with its own format information, the first on a tie. The penalties
 * are qrcode's own sums (so the same mask wins), computed over typed arrays rather than through `BitMatrix.get`.
 */
export function maskSymbol(symbol: QRCode, ecc: keyof typeof ECC_BITS): MaskedSymbol {
  const { size, data, reservedBit } = symbol.modules;
  const free = reservedBit.map((reserved) => (reserved ? 0 : 1));
  const unmasked = new Uint8Array(data.length);
  const transposed = new Uint8Array(data.length);
  applyMask({ unmasked: data, free, size }, symbol.maskPattern ?? 0, unmasked, transposed);
  const format = formatIndices(size);
  const source = { unmasked, free, size };
  let masked = new Uint8Array(data.length);
  let best = new Uint8Array(data.length);
  let bestMask = 0;
  let lowest = Infinity;
  for (let mask = 0; mask < 8; mask++) {
    const bits = formatBits(ecc, mask);
    for (let i = 0; i < 30; i++) unmasked[format[i]!] = (bits >> (i >> 1)) & 1;
    applyMask(source, mask, masked, transposed);
    const points = rowPenalty(masked, size) + rowPenalty(transposed, size) + areaPenalty(masked, size);
    if (points < lowest) {
      lowest = points;
      bestMask = mask;
      [best, masked] = [masked, best];
    }
  }
  return { mask: bestMask as QRCodeMaskPattern, size, modules: best };
}
