import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { expect } from 'chai';
import { statusEntry, statusEntryForPosition } from '@healthcred/status-list';
import { statusFromList, suspensionEntryOf } from '@healthcred/status-list/read';
import { ISSUER_DID, ISSUER_URL, listCredential } from './fixtures/lists.js';

// The Bitstring entries of credentials issued before the Status List 2021 series; new ones below.
const REVOCATION = statusEntry({ issuerUrl: ISSUER_URL, kind: 'revocation', list: 1, index: 5 });
const SUSPENSION = statusEntry({ issuerUrl: ISSUER_URL, kind: 'suspension', list: 1, index: 5 });
const [REVOCATION_2021, SUSPENSION_2021] = statusEntryForPosition(5, ISSUER_URL);
const LEGACY = statusEntry({ issuerUrl: ISSUER_URL, kind: 'legacy', list: 1, index: 5 });

describe('statusFromList()', () => {
  describe('negative', () => {
    const refusals: [string, () => unknown, string][] = [
      ['a list of another issuer', () => statusFromList(listCredential({ kind: 'revocation', indexes: [] }), REVOCATION, 'did:web:other.example'), 'issuer'],
      ['another list of the issuer', () => statusFromList(listCredential({ kind: 'revocation', list: 2, indexes: [] }), REVOCATION, ISSUER_DID), 'id'],
      ['the suspension list for a revocation entry', () => statusFromList(
        { ...listCredential({ kind: 'suspension', indexes: [] }), id: REVOCATION.statusListCredential }, REVOCATION, ISSUER_DID), 'credentialSubject.statusPurpose'],
      ['a legacy list (purpose revocation) read with its suspension entry', () => statusFromList(
        { ...listCredential({ kind: 'legacy', indexes: [5] }), id: SUSPENSION.statusListCredential }, SUSPENSION, ISSUER_DID), 'credentialSubject.statusPurpose'],
      ['an entry of an unknown purpose', () => statusFromList(
        listCredential({ kind: 'revocation', indexes: [] }), { ...REVOCATION, statusPurpose: 'message' as 'revocation' }, ISSUER_DID), 'credentialSubject.statusPurpose'],
      ['a list holding no BitstringStatusList', () => statusFromList(
        { ...listCredential({ kind: 'revocation', indexes: [] }), credentialSubject: 'x' }, REVOCATION, ISSUER_DID), 'credentialSubject'],
      ['an index past the list', () => statusFromList(
        listCredential({ kind: 'revocation', indexes: [] }), { ...REVOCATION, statusListIndex: '131072' }, ISSUER_DID), 'statusListIndex'],
      ['an index that is not a number', () => statusFromList(
        listCredential({ kind: 'revocation', indexes: [] }), { ...REVOCATION, statusListIndex: '5e0' }, ISSUER_DID), 'statusListIndex'],
      ['an unreadable bitstring', () => {
        const list = listCredential({ kind: 'revocation', indexes: [] });
        return statusFromList({ ...list, credentialSubject: { ...list.credentialSubject, encodedList: 'u!!' } }, REVOCATION, ISSUER_DID);
      }, 'encodedList'],
      ['no list at all', () => statusFromList(undefined, REVOCATION, ISSUER_DID), 'issuer'],
      ['a Bitstring list for a Status List 2021 entry', () => statusFromList(
        { ...listCredential({ kind: 'revocation', indexes: [5] }), id: REVOCATION_2021.statusListCredential }, REVOCATION_2021, ISSUER_DID), 'type'],
      ['a Status List 2021 list for a Bitstring entry', () => statusFromList(
        { ...listCredential({ kind: 'revocation-2021', indexes: [5] }), id: REVOCATION.statusListCredential }, REVOCATION, ISSUER_DID), 'type'],
      ['a Status List 2021 list with a multibase bitstring', () => {
        const list = listCredential({ kind: 'revocation-2021', indexes: [5] });
        const encodedList = `u${list.credentialSubject.encodedList}`;
        return statusFromList({ ...list, credentialSubject: { ...list.credentialSubject, encodedList } }, REVOCATION_2021, ISSUER_DID);
      }, 'encodedList'],
      ['the 2021 suspension list for a 2021 revocation entry', () => statusFromList(
        { ...listCredential({ kind: 'suspension-2021', indexes: [] }), id: REVOCATION_2021.statusListCredential }, REVOCATION_2021, ISSUER_DID),
      'credentialSubject.statusPurpose'],
    ];
    for (const [name, read, field] of refusals) {
      it(`refuses ${name} (field ${field})`, () => {
        expect(read).to.throw().that.deep.includes({ code: 'invalid_input', field });
      });
    }
  });

  it('should read a revocation entry as revoked or valid, a suspension entry as suspended or valid', () => {
    const read = (kind: 'revocation' | 'suspension', indexes: number[], entry = kind === 'revocation' ? REVOCATION : SUSPENSION) =>
      statusFromList(listCredential({ kind, indexes }), entry, ISSUER_DID);
    expect(read('revocation', [5])).to.equal('revoked');
    expect(read('revocation', [4, 6])).to.equal('valid');
    expect(read('suspension', [5])).to.equal('suspended');
    expect(read('suspension', [])).to.equal('valid');
  });

  it('should read the Status List 2021 entries of new credentials from their StatusList2021Credentials', () => {
    const read = (kind: 'revocation-2021' | 'suspension-2021', indexes: number[]) =>
      statusFromList(listCredential({ kind, indexes }), kind === 'revocation-2021' ? REVOCATION_2021 : SUSPENSION_2021, ISSUER_DID);
    expect(read('revocation-2021', [5])).to.equal('revoked');
    expect(read('revocation-2021', [4, 6])).to.equal('valid');
    expect(read('suspension-2021', [5])).to.equal('suspended');
    expect(read('suspension-2021', [])).to.equal('valid');
  });

  it('should read a set legacy bit as revoked (it means revoked or suspended) and accept an issuer object', () => {
    const list = { ...listCredential({ kind: 'legacy', indexes: [5] }), issuer: { id: ISSUER_DID } };
    expect(statusFromList(list, LEGACY, ISSUER_DID)).to.equal('revoked');
  });
});

describe('suspensionEntryOf()', () => {
  it('should give a legacy entry\'s entry in the parallel suspension list, which then tells suspended from revoked', () => {
    const entry = suspensionEntryOf(statusEntry({ issuerUrl: ISSUER_URL, kind: 'legacy', list: 2, index: 5 }))!;
    expect(entry).to.deep.equal(statusEntry({ issuerUrl: ISSUER_URL, kind: 'suspension', list: 2, index: 5 }));
    expect(entry.statusListCredential).to.equal(`${ISSUER_URL}/status/suspension/2`);
    expect(statusFromList(listCredential({ kind: 'suspension', list: 2, indexes: [5] }), entry, ISSUER_DID)).to.equal('suspended');
  });

  it('gives nothing for the entries of new credentials or entries of another layout', () => {
    const others = [REVOCATION, SUSPENSION, REVOCATION_2021, SUSPENSION_2021, { ...LEGACY, type: 'StatusList2021Entry' as const }, { ...LEGACY, statusPurpose: 'suspension' as const },
      { ...LEGACY, statusListCredential: `${ISSUER_URL}/status/1?x=1` }, { ...LEGACY, statusListCredential: `${ISSUER_URL}/lists/1` },
      { ...LEGACY, statusListIndex: 'five' }];
    for (const entry of others) expect(suspensionEntryOf(entry), entry.statusListCredential).to.equal(undefined);
  });
});

describe('@healthcred/status-list/read', () => {
  it('should bundle for the browser: no node: modules anywhere in what it imports', async function () {
    this.timeout(60_000);
    const result = await build({
      stdin: { contents: 'export * from "@healthcred/status-list/read";', resolveDir: fileURLToPath(new URL('.', import.meta.url)) },
      bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent',
    });
    expect(result.errors).to.deep.equal([]);
    expect(result.outputFiles[0]!.text).to.contain('BitstringStatusList').and.to.contain('StatusList2021');
  });
});
