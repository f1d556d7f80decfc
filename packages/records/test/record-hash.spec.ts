import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { canonicalJson, recordHash } from '@healthcred/records';
import { mockTestResultRecord, mockVaccinationRecord } from '@healthcred/testing';

describe('canonicalJson()', () => {
  it('should sort keys at every level and drop undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, null, 'x'], c: undefined, b: 'é' } }))
      .to.equal('{"a":{"b":"é","d":[true,null,"x"]},"b":1}');
    expect(canonicalJson({ only: undefined, 'Z': 1, 'a': 2, 'é': 3 })).to.equal('{"Z":1,"a":2,"é":3}');
  });

  it('should give the same text for the same value built in another key order', () => {
    expect(canonicalJson({ x: 1, y: { q: 2, p: 3 } })).to.equal(canonicalJson({ y: { p: 3, q: 2 }, x: 1 }));
  });
});

describe('recordHash()', () => {
  it('should be the SHA-256 of the kind and the canonical JSON of the record, the hash stores already hold', () => {
    const record = mockVaccinationRecord();
    const expected = createHash('sha256').update(`vaccination\n${canonicalJson(record)}`).digest('hex');
    expect(recordHash({ kind: 'vaccination', record })).to.equal(expected);
  });

  it('should change with the content and the kind, not with key order', () => {
    const record = mockVaccinationRecord();
    const reordered = Object.fromEntries(Object.entries(record).reverse()) as typeof record;
    expect(recordHash({ kind: 'vaccination', record: reordered })).to.equal(recordHash({ kind: 'vaccination', record }));
    const corrected = { ...record, vaccination: { ...record.vaccination, batch: 'OTHER-LOT' } };
    expect(recordHash({ kind: 'vaccination', record: corrected })).not.to.equal(recordHash({ kind: 'vaccination', record }));
    const test = mockTestResultRecord();
    expect(recordHash({ kind: 'test-result', record: test })).to.match(/^[0-9a-f]{64}$/);
  });

  it('should change with an expiry, and stay the hash stores hold without one', () => {
    const record = mockVaccinationRecord();
    const plain = recordHash({ kind: 'vaccination', record });
    const expiring = recordHash({ kind: 'vaccination', record, expiresAt: '2030-01-01T00:00:00Z' });
    expect(expiring).not.to.equal(plain);
    expect(recordHash({ kind: 'vaccination', record, expiresAt: '2031-01-01T00:00:00Z' })).not.to.equal(expiring);
    expect(recordHash({ kind: 'vaccination', record, expiresAt: undefined })).to.equal(plain);
  });
});
