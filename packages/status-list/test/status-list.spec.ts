import { gunzipSync } from 'node:zlib';
import { expect } from 'chai';
import {
  STATUS_LIST_SIZE, buildStatusListCredential, decodeStatusList, encodeStatusList, isStatusSet, parseStatusEntry,
  statusEntryForPosition, statusListRange,
} from '@healthcred/status-list';

const URL = 'https://certify.health.gov.lk';

describe('status list positions', () => {
  it('should put the first 131,072 positions in list 1 and the next in list 2', () => {
    expect(statusEntryForPosition(0, URL)).to.deep.equal({
      id: `${URL}/status/1#0`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation',
      statusListIndex: '0', statusListCredential: `${URL}/status/1`,
    });
    expect(statusEntryForPosition(STATUS_LIST_SIZE - 1, `${URL}/`)).to.include({ statusListIndex: '131071', statusListCredential: `${URL}/status/1` });
    expect(statusEntryForPosition(STATUS_LIST_SIZE + 5, URL)).to.include({ statusListIndex: '5', statusListCredential: `${URL}/status/2` });
    expect(statusListRange(2)).to.deep.equal({ from: STATUS_LIST_SIZE, to: 2 * STATUS_LIST_SIZE });
  });

  it('should read back the list and index of its own entries, and nothing from foreign or malformed ones', () => {
    for (const position of [0, 42, STATUS_LIST_SIZE * 7 + 99]) {
      const { list, index } = parseStatusEntry(statusEntryForPosition(position, URL), URL)!;
      expect(statusListRange(list).from + index).to.equal(position);
    }
    const entry = statusEntryForPosition(42, URL);
    expect(parseStatusEntry(entry, 'https://other.example')).to.equal(undefined);
    expect(parseStatusEntry({ ...entry, statusListIndex: '131072' }, URL)).to.equal(undefined);
    expect(parseStatusEntry({ ...entry, statusListIndex: '-1' }, URL)).to.equal(undefined);
    expect(parseStatusEntry({ ...entry, statusListCredential: `${URL}/status/0` }, URL)).to.equal(undefined);
    expect(parseStatusEntry({ ...entry, statusListCredential: `${URL}/status/1/../2` }, URL)).to.equal(undefined);
    expect(parseStatusEntry('status', URL)).to.equal(undefined);
    expect(() => statusEntryForPosition(-1, URL)).to.throw(RangeError);
  });
});

describe('encodeStatusList() / decodeStatusList()', () => {
  it('should set bit 0 as the most significant bit of the first byte, per the specification', () => {
    const encoded = encodeStatusList([0, 9, STATUS_LIST_SIZE - 1]);
    expect(encoded.startsWith('u')).to.equal(true);
    const raw = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
    expect(raw.length).to.equal(STATUS_LIST_SIZE / 8);
    expect([raw[0], raw[1], raw[raw.length - 1]]).to.deep.equal([0x80, 0x40, 0x01]);
    const bits = decodeStatusList(encoded);
    expect([0, 9, STATUS_LIST_SIZE - 1].every((i) => isStatusSet(bits, i))).to.equal(true);
    expect([1, 8, 10, STATUS_LIST_SIZE - 2].some((i) => isStatusSet(bits, i))).to.equal(false);
  });

  it('should compress an empty standard list to a few hundred characters', () => {
    expect(encodeStatusList([]).length).to.be.lessThan(300);
  });

  it('should refuse indexes outside the list and malformed or oversized encodings', () => {
    expect(() => encodeStatusList([STATUS_LIST_SIZE])).to.throw(RangeError);
    for (const bad of ['zabc', 'u!!', `u${Buffer.from('not gzip').toString('base64url')}`,
      `u${encodeStatusList([], STATUS_LIST_SIZE * 16).slice(1)}`]) {
      expect(() => decodeStatusList(bad), bad).to.throw().with.property('code', 'invalid_input');
    }
  });
});

describe('buildStatusListCredential()', () => {
  it('should name the list URL, the issuer and the revocation purpose', () => {
    const credential = buildStatusListCredential({
      issuer: { did: 'did:web:certify.health.gov.lk', url: URL }, list: 3, encodedList: encodeStatusList([]),
      issuedAt: '2026-11-23T10:00:00Z', ttlMs: 300_000,
    });
    expect(credential).to.deep.include({ id: `${URL}/status/3`, issuer: 'did:web:certify.health.gov.lk' });
    expect(credential['@context'][1]).to.equal(`${URL}/credentials/status-list/v1`);
    expect(credential.credentialSubject).to.include({ type: 'BitstringStatusList', statusPurpose: 'revocation', ttl: 300_000 });
  });
});
