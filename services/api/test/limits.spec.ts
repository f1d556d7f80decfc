// Limits that cannot be walked around: a client counted per IPv6 /64, X-Forwarded-For believed only from named
// proxies, and no answer at all when a wrong try cannot be counted.
import { expect } from 'chai';
import request from 'supertest';
import { clientAddress } from '../src/rate-limit.js';
import { DOB, startApi, type TestApi } from './fixtures/api.js';

async function awayFromMinuteEdge(): Promise<void> {
  if (Date.now() % 60_000 > 55_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - (Date.now() % 60_000)));
}

describe('clientAddress()', () => {
  it('should count every address of one IPv6 /64 as one client, however it is written', () => {
    const one = ['2001:db8:1:2::1', '2001:0db8:0001:0002:ffff:ffff:ffff:ffff', '2001:db8:1:2:a:b:c:d%eth0', '2001:DB8:1:2::'];
    expect(new Set(one.map(clientAddress))).to.deep.equal(new Set(['2001:db8:1:2::/64']));
    expect(clientAddress('2001:db8:1:3::1')).to.equal('2001:db8:1:3::/64');
    expect(clientAddress('::1')).to.equal('0:0:0:0::/64');
  });

  it('should count IPv4 clients by their address, also when written IPv4-mapped', () => {
    expect(clientAddress('::ffff:203.0.113.7')).to.equal('203.0.113.7');
    expect(clientAddress('203.0.113.7')).to.equal('203.0.113.7');
  });
});

describe('API: citizen limits cannot be walked around', () => {
  let api: TestApi;
  let certificateId: string;
  const wrong = (i: number, headers: Record<string, string> = {}) =>
    request(api.app).get(`/certificates/${certificateId}?dob=1990-01-${String(i + 1).padStart(2, '0')}`).set(headers);

  afterEach(() => api.close());

  describe('negative', () => {
    it('ignores X-Forwarded-For from a client that connects directly, so rotating it gives no more tries', async () => {
      for (const env of [{}, { TRUST_PROXY_ADDRESSES: '10.0.0.1, 192.0.2.0/24' }]) {
        api = startApi(env);
        ({ certificateId } = await api.issue(1));
        await awayFromMinuteEdge();
        for (let i = 0; i < 10; i++) await wrong(i, { 'X-Forwarded-For': `198.51.100.${i}` }).expect(404);
        await wrong(10, { 'X-Forwarded-For': '198.51.100.200' }).expect(429);
        await api.close();
      }
      api = startApi();
    });

    it('believes X-Forwarded-For from a named proxy, counting each client it forwards by its /64', async () => {
      api = startApi({ TRUST_PROXY_ADDRESSES: 'loopback' });
      ({ certificateId } = await api.issue(1));
      await awayFromMinuteEdge();
      for (let i = 0; i < 10; i++) await wrong(i, { 'X-Forwarded-For': `2001:db8:7:7::${i + 1}` }).expect(404);
      await wrong(10, { 'X-Forwarded-For': '2001:db8:7:7:ffff::1' }).expect(429);
      await wrong(10, { 'X-Forwarded-For': '2001:db8:7:8::1' }).expect(404);
    });

    it('answers 503 and serves nothing, not even the right pair, when wrong tries cannot be counted', async () => {
      api = startApi({}, { storeMaxBytes: 384 * 1024 });
      ({ certificateId } = await api.issue(1));
      for (let n = 2; n < 500; n++) if (await api.issue(n).then(() => false, () => true)) break;
      const answers = [];
      for (let i = 0; i < 12; i++) answers.push((await wrong(i)).status);
      expect(new Set(answers)).to.deep.equal(new Set([503]));
      const right = await request(api.app).get(`/certificates/${certificateId}?dob=${DOB}`).expect(503);
      expect(right.body.error.code).to.equal('unavailable');
      expect(JSON.stringify(right.body)).to.not.contain('credentialSubject');
    });
  });

  it('refuses TRUST_PROXY_HOPS at start, saying what to set instead', () => {
    expect(() => startApi({ TRUST_PROXY_HOPS: '1' })).to.throw(/TRUST_PROXY_HOPS is no longer read.*TRUST_PROXY_ADDRESSES/);
    api = startApi();
  });
});
