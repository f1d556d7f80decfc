import { expect } from 'chai';
import { HealthcredError } from '@healthcred/errors';
import { InputReader, isIsoDate, isIsoDateTime, isTopicName, parseJson, utcInstant } from '@healthcred/validation';

function message(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    expect(error).to.be.instanceOf(HealthcredError);
    return (error as Error).message;
  }
  throw new Error('expected a validation error');
}

describe('isIsoDate() / isIsoDateTime()', () => {
  it('should accept real dates and date-times only', () => {
    expect(isIsoDate('2024-02-29')).to.equal(true);
    expect(isIsoDate('2023-02-29')).to.equal(false);
    expect(isIsoDate('2021-6-1')).to.equal(false);
    expect(isIsoDateTime('2021-06-15T09:30:00.000')).to.equal(true);
    expect(isIsoDateTime('2021-06-15T09:30:00+05:30')).to.equal(true);
    expect(isIsoDateTime('2021-06-15T24:30:00Z')).to.equal(false);
    expect(isIsoDateTime('2021-06-15')).to.equal(false);
  });
});

describe('utcInstant()', () => {
  it('should read ISO 8601 and DHIS2 date-times as the UTC instant they stand for, a time without zone as UTC', () => {
    expect(utcInstant('2021-06-02T10:41:07.331')).to.equal('2021-06-02T10:41:07.331Z');
    expect(utcInstant('2022-02-14 07:45:18.990')).to.equal('2022-02-14T07:45:18.990Z');
    expect(utcInstant('2021-06-02T10:41:07.331+0530')).to.equal('2021-06-02T05:11:07.331Z');
    expect(utcInstant('2021-06-02T00:30-01:00')).to.equal('2021-06-02T01:30:00.000Z');
    expect(utcInstant('2021-06-02T10:41:07.123456789Z')).to.equal('2021-06-02T10:41:07.123Z');
    expect(utcInstant('2021-06-02T10:41:07+00:00')).to.equal('2021-06-02T10:41:07.000Z');
  });

  it('should give undefined for what is not a real date-time', () => {
    for (const value of ['yesterday', '2021-06-02', '2021-02-30T10:00', '2021-06-02T24:00', '2021-06-02T10:60',
      '2021-06-02T10:41+99:99', '2021-06-02T10:41+15:00', '2021-06-02T10:41:07.331 Z', '']) {
      expect(utcInstant(value), value).to.equal(undefined);
    }
    expect(isIsoDateTime('2021-06-02T10:41+24:00')).to.equal(false);
  });
});

describe('isTopicName()', () => {
  it("should accept Kafka's topic names only", () => {
    for (const name of ['dhis2.hooks', 'certify_ack', 'a', 'A-1', 'x'.repeat(249)]) expect(isTopicName(name), name).to.equal(true);
    for (const name of ['', '.', '..', 'with space', 'ü', 'x'.repeat(250), 42]) expect(isTopicName(name), String(name)).to.equal(false);
  });
});

describe('InputReader', () => {
  const reader = () => InputReader.of({ a: { b: [1, 'x'] }, n: '42', s: ' hi ' }, 'body');

  it('should read nested fields and name them by path', () => {
    const [first, second] = reader().field('a').field('b').array();
    expect(first!.integer()).to.equal(1);
    expect(message(() => second!.integer())).to.equal('body.a.b[1]: must be an integer.');
  });

  it('should accept DHIS2-style numeric strings only where asked', () => {
    expect(reader().field('n').integerLike({ max: 100 })).to.equal(42);
    expect(message(() => reader().field('n').integer())).to.contain('must be an integer');
    expect(message(() => reader().field('n').integerLike({ max: 10 }))).to.contain('at most 10');
  });

  it('should tell a missing field from a wrong one', () => {
    expect(message(() => reader().field('missing').string())).to.equal('body.missing: is required.');
    expect(reader().field('missing').optional((f) => f.string())).to.equal(undefined);
    expect(reader().field('s').string()).to.equal('hi');
  });

  it('rejects unknown keys when asked, listing the known ones', () => {
    expect(message(() => reader().onlyKeys(['a', 'n']))).to.equal(
      'body.s: is not a known field (expected one of: a, n).');
  });

  it('rejects arrays over the limit', () => {
    expect(message(() => InputReader.of(new Array(3).fill(1), 'list').array({ maxItems: 2 }))).to.contain('at most 2');
  });
});

describe('parseJson()', () => {
  it('should name the source without quoting the text', () => {
    expect(message(() => parseJson('{"name": Sunil}', 'record.json'))).to.equal('record.json is not valid JSON.');
  });

  it('should say where the text broke when the parser knows', () => {
    expect(message(() => parseJson('{"name": "Sunil"', 'record.json')))
      .to.match(/^record\.json is not valid JSON \(error at character \d+\)\.$/).and.not.contain('Sunil');
  });
});
