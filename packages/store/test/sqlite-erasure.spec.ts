import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { openSqliteStore, type NewCertificate } from '@healthcred/store';
import { mockCertificate, mockDeadLetter } from '@healthcred/testing';

const NAME = 'Kumudini Wickramasinghe';
const DOB = '1961-07-23';

/** Whether any file of `dir` holds `text` (as UTF-8 bytes). */
function anyFileHolds(dir: string, text: string): string[] {
  const needle = Buffer.from(text, 'utf8');
  return readdirSync(dir).filter((name) => readFileSync(join(dir, name)).includes(needle));
}

function certificate(n: number, overrides: Partial<NewCertificate> = {}): NewCertificate {
  return mockCertificate(n, {
    subjectId: 'holder-k', dob: DOB, statusListIndex: n, sourceKey: `dhis2:TEkumudini1:EV${n}:1`,
    credential: { credentialSubject: { name: NAME, dob: DOB, address: { streetAddress: '7 Temple Road' } }, n },
    ...overrides,
  });
}

describe('SQLite eraseSubject() on disk', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'healthcred-erase-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should leave the holder\'s name and birth date in no file of the data directory, with a reader open', async () => {
    const path = join(dir, 'store.sqlite');
    const store = openSqliteStore({ path });
    const reader = openSqliteStore({ path });
    const first = await store.saveIssued(certificate(1));
    // Updates rewrite the row: SQLite leaves the old bytes in the page unless it vacuums or deletes securely.
    await store.setStatus(first.certificate.certificateId, 'suspended', 'check');
    await store.setStatus(first.certificate.certificateId, 'issued', 'checked');
    await store.saveIssued(certificate(2, { contentHash: 'c'.repeat(64), sourceKey: `dhis2:TEkumudini1:EV1:1` }));
    await store.saveDeadLetter(mockDeadLetter({ payload: JSON.stringify({ trackedEntity: 'TEkumudini1', name: NAME, dob: DOB }) }));
    for (let n = 10; n < 60; n++) await store.saveIssued(mockCertificate(n, { statusListIndex: n }));
    expect(await reader.findByCertificateId(first.certificate.certificateId)).to.not.equal(undefined);
    expect(anyFileHolds(dir, NAME)).to.not.be.empty;

    const erasure = await store.eraseSubject(first.certificate.certificateId);
    expect(erasure.certificateIds).to.have.length(2);
    expect(erasure.deadLetters).to.equal(1);
    for (const text of [NAME, DOB, '7 Temple Road']) expect(anyFileHolds(dir, text), text).to.deep.equal([]);
    expect(await reader.listStatusPositions({ from: 0, to: 100, statuses: ['revoked'] })).to.deep.equal([1, 2]);
    expect(await reader.count()).to.equal(52);
    await Promise.all([store.close(), reader.close()]);
    for (const text of [NAME, DOB]) expect(anyFileHolds(dir, text), text).to.deep.equal([]);
  });
});
