import { gunzipSync } from 'node:zlib';
import { expect } from 'chai';
import {
  STATUS_LIST_SIZE, buildStatusListCredential, decodeStatusList, decodeStatusList2021, encodeStatusList,
  encodeStatusList2021, encodeStatusListFor, isStatusSet, parseStatusEntry, statusEntry, statusEntryForPosition,
  statusListRange,
} from '@healthcred/status-list';
import { ISSUER_URL as URL } from './fixtures/lists.js';

describe('statusEntryForPosition()', () => {
  it('should give a Status List 2021 revocation and suspension entry at the same index of two parallel lists', () => {
    expect(statusEntryForPosition(0, URL)).to.deep.equal([
      {
        id: `${URL}/status/2021/revocation/1#0`, type: 'StatusList2021Entry', statusPurpose: 'revocation',
        statusListIndex: '0', statusListCredential: `${URL}/status/2021/revocation/1`,
      },
      {
        id: `${URL}/status/2021/suspension/1#0`, type: 'StatusList2021Entry', statusPurpose: 'suspension',
        statusListIndex: '0', statusListCredential: `${URL}/status/2021/suspension/1`,
      },
    ]);
  });

  it('should still make the Bitstring entries credentials were issued with', () => {
    expect(statusEntry({ issuerUrl: URL, kind: 'suspension', list: 1, index: 0 })).to.deep.equal({
      id: `${URL}/status/suspension/1#0`, type: 'BitstringStatusListEntry', statusPurpose: 'suspension',
      statusListIndex: '0', statusListCredential: `${URL}/status/suspension/1`,
    });
  });

  it('should put the first 131,072 positions in list 1 and the next in list 2', () => {
    const [revocation, suspension] = statusEntryForPosition(STATUS_LIST_SIZE - 1, `${URL}/`);
    expect(revocation).to.include({ statusListIndex: '131071', statusListCredential: `${URL}/status/2021/revocation/1` });
    expect(suspension).to.include({ statusListIndex: '131071', statusListCredential: `${URL}/status/2021/suspension/1` });
    expect(statusEntryForPosition(STATUS_LIST_SIZE + 5, URL)[1]).to.include({ statusListIndex: '5', statusListCredential: `${URL}/status/2021/suspension/2` });
    expect(statusListRange(2)).to.deep.equal({ from: STATUS_LIST_SIZE, to: 2 * STATUS_LIST_SIZE });
  });

  it('rejects a position that is not a non-negative integer', () => {
    for (const bad of [-1, 1.5, Number.NaN]) expect(() => statusEntryForPosition(bad, URL)).to.throw(RangeError);
  });
});

describe('parseStatusEntry()', () => {
  it('should read back the kind, list and index of new entries and of legacy ones', () => {
    for (const position of [0, 42, STATUS_LIST_SIZE * 7 + 99]) {
      const [revocation, suspension] = statusEntryForPosition(position, URL);
      const list = Math.floor(position / STATUS_LIST_SIZE) + 1;
      const index = position % STATUS_LIST_SIZE;
      const entries = [
        [revocation, 'revocation-2021'], [suspension, 'suspension-2021'],
        [statusEntry({ issuerUrl: URL, kind: 'revocation', list, index }), 'revocation'],
        [statusEntry({ issuerUrl: URL, kind: 'suspension', list, index }), 'suspension'],
      ] as const;
      for (const [entry, kind] of entries) {
        const parsed = parseStatusEntry(entry, URL)!;
        expect(parsed.kind).to.equal(kind);
        expect(statusListRange(parsed.list).from + parsed.index).to.equal(position);
      }
    }
    const legacy = statusEntry({ issuerUrl: URL, kind: 'legacy', list: 3, index: 7 });
    expect(legacy).to.include({ statusListCredential: `${URL}/status/3`, statusPurpose: 'revocation', id: `${URL}/status/3#7` });
    expect(parseStatusEntry(legacy, URL)).to.deep.equal({ kind: 'legacy', list: 3, index: 7 });
  });

  describe('negative', () => {
    it('reads nothing from foreign, malformed or self-contradicting entries', () => {
      const [entry] = statusEntryForPosition(42, URL);
      const bad: [string, unknown][] = [
        ['another issuer', entry],
        ['an index past the list', { ...entry, statusListIndex: '131072' }],
        ['a negative index', { ...entry, statusListIndex: '-1' }],
        ['a number index', { ...entry, statusListIndex: 42 }],
        ['list 0', { ...entry, statusListCredential: `${URL}/status/revocation/0` }],
        ['an unknown series', { ...entry, statusListCredential: `${URL}/status/message/1` }],
        ['a dot segment', { ...entry, statusListCredential: `${URL}/status/1/../2` }],
        ['a suspension list with the revocation purpose', { ...entry, statusListCredential: `${URL}/status/suspension/1` }],
        ['a legacy list with the suspension purpose', { ...entry, statusListCredential: `${URL}/status/1`, statusPurpose: 'suspension' }],
        ['a Status List 2021 list with a Bitstring entry type', { ...entry, type: 'BitstringStatusListEntry' }],
        ['a Bitstring list with a Status List 2021 entry type', { ...entry, statusListCredential: `${URL}/status/revocation/1` }],
        ['a 2021 legacy list', { ...entry, statusListCredential: `${URL}/status/2021/1` }],
        ['a string', 'status'],
      ];
      for (const [name, value] of bad) {
        expect(parseStatusEntry(value, name === 'another issuer' ? 'https://other.example' : URL), name).to.equal(undefined);
      }
    });
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

  it('should compress an empty standard list to a few hundred characters, the same every time', () => {
    expect(encodeStatusList([]).length).to.be.lessThan(300);
    expect(encodeStatusList([5, 6])).to.equal(encodeStatusList([6, 5]));
  });

  it('should read lists another GZIP writer made', async () => {
    const { gzipSync } = await import('node:zlib');
    const bits = new Uint8Array(STATUS_LIST_SIZE / 8);
    bits[2] = 0x20;
    const bitsOut = decodeStatusList(`u${gzipSync(bits).toString('base64url')}`);
    expect(isStatusSet(bitsOut, 18)).to.equal(true);
    expect(isStatusSet(bitsOut, 17)).to.equal(false);
  });

  describe('negative', () => {
    it('refuses indexes outside the list and malformed, truncated or oversized encodings', () => {
      expect(() => encodeStatusList([STATUS_LIST_SIZE])).to.throw(RangeError);
      const valid = encodeStatusList([3]);
      for (const bad of ['zabc', 'u!!', 'u', `u${Buffer.from('not gzip').toString('base64url')}`, valid.slice(0, -16),
        `u${encodeStatusList([], STATUS_LIST_SIZE * 16).slice(1)}`]) {
        expect(() => decodeStatusList(bad), bad).to.throw().with.property('code', 'invalid_input');
      }
    });
  });
});

describe('encodeStatusList2021() / decodeStatusList2021()', () => {
  it('should be the Bitstring encoding without its multibase prefix (GZIP base64url starts H4sI)', () => {
    expect(encodeStatusList2021([0, 9])).to.equal(encodeStatusList([0, 9]).slice(1)).and.to.match(/^H4sI/);
    const bits = decodeStatusList2021(encodeStatusList2021([9]));
    expect([isStatusSet(bits, 9), isStatusSet(bits, 8)]).to.deep.equal([true, false]);
    expect(encodeStatusListFor('revocation-2021', [1])).to.equal(encodeStatusList2021([1]));
    expect(encodeStatusListFor('legacy', [1])).to.equal(encodeStatusList([1]));
  });

  describe('negative', () => {
    it('refuses a multibase value, text that is not base64url, and oversized lists', () => {
      for (const bad of [encodeStatusList([3]), 'H4sI!!', '', encodeStatusList2021([], STATUS_LIST_SIZE * 16)]) {
        expect(() => decodeStatusList2021(bad), bad.slice(0, 10)).to.throw().with.property('code', 'invalid_input');
      }
    });
  });
});

describe('buildStatusListCredential()', () => {
  it('should make a StatusList2021Credential for the 2021 series: W3C contexts, no ttl', () => {
    for (const [kind, purpose] of [['revocation-2021', 'revocation'], ['suspension-2021', 'suspension']] as const) {
      const url = `${URL}/status/2021/${purpose}/3`;
      const credential = buildStatusListCredential({
        issuer: { did: 'did:web:certify.health.gov.lk', url: URL }, kind, list: 3, encodedList: encodeStatusList2021([]),
        issuedAt: '2026-11-23T10:00:00Z', ttlMs: 300_000,
      });
      expect(credential).to.deep.include({
        '@context': ['https://www.w3.org/2018/credentials/v1', 'https://w3id.org/vc/status-list/2021/v1', 'https://w3id.org/security/suites/ed25519-2020/v1'],
        id: url, type: ['VerifiableCredential', 'StatusList2021Credential'], issuer: 'did:web:certify.health.gov.lk',
      });
      expect(credential.credentialSubject).to.deep.equal({
        id: `${url}#list`, type: 'StatusList2021', statusPurpose: purpose, encodedList: encodeStatusList2021([]),
      });
    }
  });

  it('should name the list URL, the issuer and the purpose of each series', () => {
    const expected = [
      ['revocation', `${URL}/status/revocation/3`, 'revocation'],
      ['suspension', `${URL}/status/suspension/3`, 'suspension'],
      ['legacy', `${URL}/status/3`, 'revocation'],
    ] as const;
    for (const [kind, url, purpose] of expected) {
      const credential = buildStatusListCredential({
        issuer: { did: 'did:web:certify.health.gov.lk', url: URL }, kind, list: 3, encodedList: encodeStatusList([]),
        issuedAt: '2026-11-23T10:00:00Z', ttlMs: 300_000,
      });
      expect(credential).to.deep.include({ id: url, issuer: 'did:web:certify.health.gov.lk' });
      expect(credential['@context'][1]).to.equal(`${URL}/credentials/status-list/v1`);
      expect(credential.credentialSubject).to.include({ id: `${url}#list`, type: 'BitstringStatusList', statusPurpose: purpose, ttl: 300_000 });
    }
  });
});
