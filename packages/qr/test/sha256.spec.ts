import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { sha256 } from '../src/sha256.js';

describe('sha256()', () => {
  it('should equal node:crypto for every length across the padding boundaries and for long inputs', () => {
    const lengths = [...Array.from({ length: 200 }, (_, i) => i), 1000, 4096, 65_537];
    for (const length of lengths) {
      const message = randomBytes(length);
      expect(Buffer.from(sha256(message)).toString('hex'), `length ${length}`)
        .to.equal(createHash('sha256').update(message).digest('hex'));
    }
  });

  it('should give the FIPS 180-4 test vector for "abc"', () => {
    expect(Buffer.from(sha256(new TextEncoder().encode('abc'))).toString('hex'))
      .to.equal('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
