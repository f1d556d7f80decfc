import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { BASE58_ALPHABET, decodeBase58, encodeBase58 } from '@healthcred/base58';

/** Reference: the number as one BigInt, digit by digit (slow and obviously right). */
function referenceEncode(bytes: Uint8Array): string {
  let value = 0n;
  for (const byte of bytes) value = value * 256n + BigInt(byte);
  let digits = '';
  for (; value > 0n; value /= 58n) digits = BASE58_ALPHABET[Number(value % 58n)]! + digits;
  const zeros = bytes.findIndex((byte) => byte !== 0);
  return '1'.repeat(zeros === -1 ? bytes.length : zeros) + digits;
}

const bytesOf = (...values: number[]) => Uint8Array.from(values);

describe('encodeBase58() / decodeBase58()', () => {
  it('should match the published test vectors', () => {
    const vectors: [Uint8Array, string][] = [
      [new TextEncoder().encode('Hello World!'), '2NEpo7TZRRrLZSi2U'],
      [new TextEncoder().encode('The quick brown fox jumps over the lazy dog.'), 'USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z'],
      [bytesOf(0, 0, 0x28, 0x7f, 0xb4, 0xcd), '11233QC4'],
      [bytesOf(0x00, 0x01, 0x09, 0x66, 0x77, 0x60, 0x06, 0x95, 0x3d, 0x55, 0x67, 0x43, 0x9e, 0x5e, 0x39, 0xf8, 0x6a, 0x0d,
        0x27, 0x3b, 0xee, 0xd6, 0x19, 0x67, 0xf6), '16UwLL9Risc3QfPqBUvKofHmBQ7wMtjvM'],
      [new Uint8Array(0), ''],
      [bytesOf(0), '1'],
      [bytesOf(0, 0, 0), '111'],
      [bytesOf(57), 'z'],
      [bytesOf(58), '21'],
      [bytesOf(0xff), '5Q'],
    ];
    for (const [bytes, text] of vectors) {
      expect(encodeBase58(bytes), text).to.equal(text);
      expect(decodeBase58(text), text).to.deep.equal(bytes);
    }
  });

  it('should agree with a digit-by-digit reference on random inputs of every length up to 130 bytes', () => {
    for (let length = 0; length <= 130; length++) {
      for (const zeros of [0, 1, 3]) {
        const bytes = new Uint8Array(Math.max(length, zeros));
        bytes.set(randomBytes(bytes.length - zeros), zeros);
        const text = encodeBase58(bytes);
        expect(text, `${length} bytes, ${zeros} leading zeros`).to.equal(referenceEncode(bytes));
        expect(decodeBase58(text), text).to.deep.equal(bytes);
      }
    }
  });

  it('should agree with the reference on extreme inputs: all zeros, all 0xff, one low byte, of every length', () => {
    for (let length = 0; length <= 130; length++) {
      const low = new Uint8Array(length);
      if (length > 0) low[length - 1] = 1;
      for (const bytes of [new Uint8Array(length), new Uint8Array(length).fill(0xff), low]) {
        for (const zeros of [0, 1, 2, 4, 5, 9]) {
          const padded = new Uint8Array(zeros + length);
          padded.set(bytes, zeros);
          const text = encodeBase58(padded);
          expect(text, `${length} bytes after ${zeros} zeros`).to.equal(referenceEncode(padded));
          expect(decodeBase58(text), text).to.deep.equal(padded);
        }
      }
    }
  });

  it('should decode every length of text, including ones whose top byte group is short', () => {
    for (let length = 1; length <= 100; length++) {
      const text = Array.from({ length }, (_, i) => BASE58_ALPHABET[i === 0 ? 1 + (length % 57) : (i * 17 + length) % 58]).join('');
      expect(encodeBase58(decodeBase58(text)!), text).to.equal(text);
    }
  });

  it('should return undefined for characters outside the alphabet', () => {
    for (const text of ['0', 'O', 'I', 'l', 'z+', '2NEpo7TZRRr LZSi2U', 'é', '2NEpo7\u0000']) {
      expect(decodeBase58(text), JSON.stringify(text)).to.equal(undefined);
    }
  });
});
