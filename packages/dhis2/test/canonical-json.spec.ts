import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { canonicalJson, loadDefaultDhis2Mapping, parseDhis2Payload } from '@healthcred/dhis2';
import { trackedEntity } from './fixtures/payloads.js';

describe('canonicalJson()', () => {
  it('should sort keys at every level and drop undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, null, 'x'], c: undefined, b: 'é' } }))
      .to.equal('{"a":{"b":"é","d":[true,null,"x"]},"b":1}');
  });

  it('should give the same text for the same value built in another key order', () => {
    expect(canonicalJson({ x: 1, y: { q: 2, p: 3 } })).to.equal(canonicalJson({ y: { p: 3, q: 2 }, x: 1 }));
  });

  it('should be what the content hash of a request is computed over', () => {
    const [request] = parseDhis2Payload(trackedEntity(), loadDefaultDhis2Mapping()).requests;
    const expected = createHash('sha256').update(canonicalJson(request?.record), 'utf8').digest('hex');
    expect(request?.contentHash).to.equal(expected);
  });
});
