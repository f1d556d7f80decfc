import type { QRCode, QRCodeMaskPattern } from 'qrcode';
import { areaPenalty, bitLines, linePenalty, setBit, windows, type BitLines } from './penalty.js';

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

/**
 * The two modules of each format bit, as qrcode's `setupFormatInfo` places them: for bit `i`, (row, column) at
 * `4i` (the copy in column 8) and at `4i + 2` (the copy in row 8).
 */
function formatModules(size: number): Int32Array {
  const at = new Int32Array(60);
  for (let i = 0; i < 15; i++) {
    at.set([i < 6 ? i : i < 8 ? i + 1 : size - 15 + i, 8, 8, i < 8 ? size - i - 1 : i < 9 ? 15 - i : 14 - i], 4 * i);
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

/** Every mask repeats every 12 rows and 6 columns. */
const PERIOD_ROWS = 12;
const PERIOD_COLS = 6;
/** Words of the longest line (177 modules) in {@link BitLines}, the zero word left out. */
const LINE_WORDS = 6;

/** Each mask's bits along a line, as {@link BitLines} words: along the rows or the columns, for each residue. */
interface MaskWords {
  words: Int32Array;
  /** The lines' period: the line of index `l` has the bits of residue `l % residues`. */
  residues: number;
}

function maskWords(along: 'rows' | 'columns'): MaskWords {
  const residues = along === 'rows' ? PERIOD_ROWS : PERIOD_COLS;
  const words = new Int32Array(8 * residues * LINE_WORDS);
  for (let mask = 0; mask < 8; mask++) {
    for (let residue = 0; residue < residues; residue++) {
      for (let at = 0; at < 32 * LINE_WORDS; at++) {
        const bit = along === 'rows' ? maskBit(mask, residue, at) : maskBit(mask, at, residue);
        words[(mask * residues + residue) * LINE_WORDS + (at >>> 5)]! |= bit << (at & 31);
      }
    }
  }
  return { words, residues };
}

const ROW_MASKS = maskWords('rows');
const COLUMN_MASKS = maskWords('columns');

/** A symbol's modules and its free (not reserved) modules, by rows and by columns. */
interface PackedSymbol {
  rows: BitLines;
  columns: BitLines;
  freeRows: BitLines;
  freeColumns: BitLines;
}

function packSymbol({ size, data, reservedBit }: QRCode['modules']): PackedSymbol {
  const packed = { rows: bitLines(size), columns: bitLines(size), freeRows: bitLines(size), freeColumns: bitLines(size) };
  const { stride } = packed.rows;
  const [rows, columns, freeRows, freeColumns] = [packed.rows.words, packed.columns.words, packed.freeRows.words, packed.freeColumns.words];
  for (let row = 0, index = 0; row < size; row++) {
    const rowAt = row * stride;
    const columnWord = row >>> 5;
    const columnBit = row & 31;
    for (let col = 0; col < size; col++, index++) {
      const dark = data[index]!;
      const free = reservedBit[index]! ^ 1;
      const rowWord = rowAt + (col >>> 5);
      const columnAt = col * stride + columnWord;
      rows[rowWord]! |= dark << (col & 31);
      freeRows[rowWord]! |= free << (col & 31);
      columns[columnAt]! |= dark << columnBit;
      freeColumns[columnAt]! |= free << columnBit;
    }
  }
  return packed;
}

/** `unmasked` lines with `mask` XORed into their `free` modules, into `masked` (which may be `unmasked`). */
function maskLines(
  { unmasked, free }: { unmasked: BitLines; free: BitLines }, { words, residues }: MaskWords, mask: number, masked: BitLines,
): void {
  const { stride } = unmasked;
  for (let line = 0; line < unmasked.size; line++) {
    const pattern = (mask * residues + (line % residues)) * LINE_WORDS;
    for (let w = 0, at = line * stride; w < stride - 1; w++, at++) {
      masked.words[at] = unmasked.words[at]! ^ (words[pattern + w]! & free.words[at]!);
    }
  }
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
 * are qrcode's own sums (so the same mask wins), computed 32 modules at a time rather than through `BitMatrix.get`.
 */
export function maskSymbol(symbol: QRCode, ecc: keyof typeof ECC_BITS): MaskedSymbol {
  const { size } = symbol.modules;
  const { rows, columns, freeRows, freeColumns } = packSymbol(symbol.modules);
  const byRows = { unmasked: rows, free: freeRows };
  const byColumns = { unmasked: columns, free: freeColumns };
  maskLines(byRows, ROW_MASKS, symbol.maskPattern ?? 0, rows);
  maskLines(byColumns, COLUMN_MASKS, symbol.maskPattern ?? 0, columns);
  const maskedRows = bitLines(size);
  const maskedColumns = bitLines(size);
  const starts = windows(size);
  const format = formatModules(size);
  const setFormat = (mask: number) => {
    const bits = formatBits(ecc, mask);
    for (let k = 0; k < 30; k++) {
      const bit = (bits >> (k >> 1)) & 1;
      setBit(rows, format[2 * k]!, format[2 * k + 1]!, bit);
      setBit(columns, format[2 * k + 1]!, format[2 * k]!, bit);
    }
  };
  let best = 0;
  let lowest = Infinity;
  for (let mask = 0; mask < 8; mask++) {
    setFormat(mask);
    maskLines(byRows, ROW_MASKS, mask, maskedRows);
    maskLines(byColumns, COLUMN_MASKS, mask, maskedColumns);
    const points = linePenalty(maskedRows, starts) + linePenalty(maskedColumns, starts) + areaPenalty(maskedRows, starts);
    if (points < lowest) {
      lowest = points;
      best = mask;
    }
  }
  setFormat(best);
  maskLines(byRows, ROW_MASKS, best, maskedRows);
  const modules = new Uint8Array(size * size);
  const { stride, words } = maskedRows;
  for (let row = 0, index = 0; row < size; row++) {
    for (let col = 0; col < size; col++, index++) modules[index] = (words[row * stride + (col >>> 5)]! >>> (col & 31)) & 1;
  }
  return { mask: best as QRCodeMaskPattern, size, modules };
}
