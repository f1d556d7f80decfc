import { inflateSync } from 'node:zlib';

const WOFF_SIGNATURE = 0x774f4646; // 'wOFF'
const WOFF_HEADER = 44;
const WOFF_ENTRY = 20;
const SFNT_HEADER = 12;
const SFNT_ENTRY = 16;

const align4 = (n: number) => (n + 3) & ~3;

/**
 * Unwraps a WOFF 1.0 font into the TrueType/OpenType (sfnt) file it compresses (W3C WOFF 1.0, section 4-5): each
 * table inflated once, here, with node's zlib. fontkit reads a WOFF's tables by inflating them in JavaScript
 * (tiny-inflate) for every document, which was most of a certificate PDF's rendering time.
 *
 * @throws Error when `woff` is not a well-formed WOFF 1.0 file (a font file of ours, never public input).
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.length < WOFF_HEADER || woff.readUInt32BE(0) !== WOFF_SIGNATURE) throw new Error('Not a WOFF 1.0 font.');
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = WOFF_HEADER + i * WOFF_ENTRY;
    const [tag, offset, compLength, origLength, checksum] = [0, 4, 8, 12, 16].map((field) => woff.readUInt32BE(at + field)) as
      [number, number, number, number, number];
    const stored = woff.subarray(offset, offset + compLength);
    const data = compLength < origLength ? inflateSync(stored) : stored;
    if (data.length !== origLength) throw new Error('A WOFF table does not inflate to its stated length.');
    return { tag, checksum, data };
  });
  const power = 2 ** Math.floor(Math.log2(numTables));
  let offset = SFNT_HEADER + numTables * SFNT_ENTRY;
  const sfnt = Buffer.alloc(offset + tables.reduce((sum, table) => sum + align4(table.data.length), 0));
  sfnt.writeUInt32BE(flavor, 0);
  sfnt.writeUInt16BE(numTables, 4);
  sfnt.writeUInt16BE(power * 16, 6);
  sfnt.writeUInt16BE(Math.log2(power), 8);
  sfnt.writeUInt16BE(numTables * 16 - power * 16, 10);
  tables.forEach(({ tag, checksum, data }, i) => {
    const entry = SFNT_HEADER + i * SFNT_ENTRY;
    sfnt.writeUInt32BE(tag, entry);
    sfnt.writeUInt32BE(checksum, entry + 4);
    sfnt.writeUInt32BE(offset, entry + 8);
    sfnt.writeUInt32BE(data.length, entry + 12);
    data.copy(sfnt, offset);
    offset += align4(data.length);
  });
  return sfnt;
}
