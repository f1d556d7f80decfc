import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import type { BitstringStatusListEntry } from '@healthcred/types';
import { statusFromList } from '@healthcred/status-list/read';

const ISSUER = 'did:web:example.org';

function entry(index: number, statusPurpose: 'revocation' | 'suspension' = 'revocation'): BitstringStatusListEntry {
  const url = 'https://example.org/status/1';
  return { id: `${url}#${index}`, type: 'BitstringStatusListEntry', statusPurpose, statusListIndex: String(index), statusListCredential: url };
}

/** The W3C encoding, written here independently of the issuer's encoder: GZIP, then multibase base64url. */
function encodeStatusList(indexes: number[], size = 131_072): string {
  const bits = new Uint8Array(size / 8);
  for (const index of indexes) bits[index >> 3]! |= 0x80 >> (index & 7);
  return `u${gzipSync(bits).toString('base64url')}`;
}

function list(encodedList: string, statusPurpose = 'revocation', issuer = ISSUER) {
  return { id: 'https://example.org/status/1', issuer, credentialSubject: { type: 'BitstringStatusList', statusPurpose, encodedList } };
}

// The reader against a list encoded here independently of the issuer's encoder, as the W3C specification describes.
describe('statusFromList() on an independently encoded list', () => {
  it('should read the bits set in a list, bit 0 being the first byte\'s most significant bit', () => {
    const encoded = encodeStatusList([0, 9, 131_071]);
    for (const index of [0, 9, 131_071]) expect(statusFromList(list(encoded), entry(index), ISSUER)).to.equal('revoked');
    for (const index of [1, 8, 10, 131_070]) expect(statusFromList(list(encoded), entry(index), ISSUER)).to.equal('valid');
    expect(statusFromList(list(encoded, 'suspension'), entry(9, 'suspension'), ISSUER)).to.equal('suspended');
  });

  describe('negative', () => {
    it('refuses a list of another issuer or purpose, and an index beyond the list', () => {
      const encoded = encodeStatusList([], 16);
      expect(() => statusFromList(list(encoded, 'revocation', 'did:web:evil.example'), entry(1), ISSUER)).to.throw();
      expect(() => statusFromList(list(encoded, 'suspension'), entry(1), ISSUER)).to.throw();
      expect(() => statusFromList(list(encoded), entry(16), ISSUER)).to.throw(/not a position within the status list/);
      expect(() => statusFromList({}, entry(1), ISSUER)).to.throw();
    });
  });
});
