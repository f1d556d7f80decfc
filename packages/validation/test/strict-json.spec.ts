import { expect } from 'chai';
import { HealthcredError } from '@healthcred/errors';
import { assertNoForbiddenMembers, parseStrictJson, UnsafeJsonError } from '../src/index.js';

function refusal(text: string): UnsafeJsonError {
  try {
    parseStrictJson(text, 'The credential');
  } catch (error) {
    expect(error).to.be.instanceOf(UnsafeJsonError);
    return error as UnsafeJsonError;
  }
  throw new Error('expected a refusal');
}

describe('parseStrictJson()', () => {
  describe('negative', () => {
    it('rejects a member given twice, naming it and its path', () => {
      const error = refusal('{"credentialSubject":{"name":"A","dob":"1990-01-01","name":"B"}}');
      expect(error.reason).to.equal('duplicate_member');
      expect(error.message).to.equal('credentialSubject has the member "name" twice.');
      expect(error.field).to.equal('credentialSubject.name');
    });

    it('rejects a duplicate written with an escape, which names the same member', () => {
      expect(refusal('{"name":"A","n\\u0061me":"B"}').reason).to.equal('duplicate_member');
    });

    it('rejects a duplicate inside an array element, with its index in the path', () => {
      const error = refusal('{"evidence":[{"dose":1},{"dose":1,"dose":2}]}');
      expect(error.message).to.equal('evidence[1] has the member "dose" twice.');
    });

    for (const name of ['__proto__', 'constructor', 'prototype']) {
      it(`rejects a member named ${name} at any depth`, () => {
        const error = refusal(`{"a":[1,{"b":{"${name}":{"x":1}}}]}`);
        expect(error.reason).to.equal('forbidden_member');
        expect(error.message).to.contain(`"${name}"`).and.contain('a[1].b');
      });
    }

    it('rejects text that is not JSON without quoting it', () => {
      expect(() => parseStrictJson('{"name": "Secret Person",', 'The credential'))
        .to.throw(HealthcredError, /^The credential is not valid JSON/).with.property('message').not.contain('Secret');
    });
  });

  it('should read JSON whose strings hold braces, quotes, commas and keys of other objects', () => {
    const text = '{"a":"}{\\",\\"a\\":","b":[{"a":1},{"a":2}],"c":{"a":{"a":[]}},"d":"\\\\"}';
    expect(parseStrictJson(text, 'x')).to.deep.equal(JSON.parse(text));
  });

  it('should allow the same name in sibling and nested objects', () => {
    expect(parseStrictJson('[{"id":1},{"id":2,"x":{"id":3}}]', 'x')).to.deep.equal([{ id: 1 }, { id: 2, x: { id: 3 } }]);
  });
});

describe('assertNoForbiddenMembers()', () => {
  it('rejects an own __proto__ member that JSON.parse kept', () => {
    const value = JSON.parse('{"credentialSubject":{"__proto__":{"name":"x"}}}') as unknown;
    expect(() => assertNoForbiddenMembers(value)).to.throw(UnsafeJsonError, /credentialSubject has a member named "__proto__"/);
  });

  it('rejects nesting deeper than the limit', () => {
    let value: unknown = 1;
    for (let i = 0; i < 40; i++) value = [value];
    expect(() => assertNoForbiddenMembers(value)).to.throw(HealthcredError, /nested too deeply/);
  });

  it('should accept a plain credential-like value', () => {
    expect(() => assertNoForbiddenMembers({ a: [{ b: 'constructor' }] })).not.to.throw();
  });
});
