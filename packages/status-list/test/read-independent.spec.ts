import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { createCredential, createList, decodeList } from '@digitalbazaar/vc-status-list';
import type { BitstringStatusListEntry, StatusList2021Entry } from '@healthcred/types';
import { encodeStatusList2021 } from '@healthcred/status-list';
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
  return {
    id: 'https://example.org/status/1', type: ['VerifiableCredential', 'BitstringStatusListCredential'], issuer,
    credentialSubject: { type: 'BitstringStatusList', statusPurpose, encodedList },
  };
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

// Status List 2021 lists as @digitalbazaar/vc-status-list makes them (its own bitstring encoder, no prefix).
describe('statusFromList() on a list made by @digitalbazaar/vc-status-list', () => {
  const url = 'https://example.org/status/2021/revocation/1';
  const entry2021 = (index: number): StatusList2021Entry => ({
    id: `${url}#${index}`, type: 'StatusList2021Entry', statusPurpose: 'revocation', statusListIndex: String(index), statusListCredential: url,
  });
  async function made(indexes: number[]) {
    const list = await createList({ length: 131_072 });
    for (const index of indexes) list.setStatus(index, true);
    return { ...await createCredential({ id: url, list, statusPurpose: 'revocation' }), issuer: ISSUER };
  }

  it('should read the bits it set', async () => {
    const credential = await made([0, 9, 131_071]);
    for (const index of [0, 9, 131_071]) expect(statusFromList(credential, entry2021(index), ISSUER)).to.equal('revoked');
    for (const index of [1, 8, 10]) expect(statusFromList(credential, entry2021(index), ISSUER)).to.equal('valid');
  });

  it('should encode the list exactly as it does (GZIP + base64url, no multibase prefix)', async () => {
    const ours = encodeStatusList2021([3, 77]);
    expect(ours).to.match(/^H4sI/);
    const theirs = await decodeList({ encodedList: ours });
    expect([0, 3, 4, 77].map((index) => theirs.getStatus(index))).to.deep.equal([false, true, false, true]);
  });

  describe('negative', () => {
    it('refuses its list read with a Bitstring entry, and a Bitstring-encoded (multibase) bitstring in it', async () => {
      const credential = await made([1]);
      expect(() => statusFromList(credential, { ...entry(1), statusListCredential: url, id: `${url}#1` }, ISSUER)).to.throw(/not of the kind/);
      const multibase = { ...credential, credentialSubject: { ...credential.credentialSubject, encodedList: `u${credential.credentialSubject.encodedList}` } };
      expect(() => statusFromList(multibase, entry2021(1), ISSUER)).to.throw(/base64url with no prefix|GZIP/);
    });
  });
});
