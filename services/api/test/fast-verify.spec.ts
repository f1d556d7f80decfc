// POST /credentials/verify is answered ahead of express for plain JSON bodies (fast-verify.ts); a query string, or
// anything else unusual, takes the express route. Each answer of the fast path must be the express route's.
import { gzipSync } from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { expect } from 'chai';
import request from 'supertest';
import type { SignedHealthCredential } from '@healthcred/types';
import { fastVerifyRoute } from '../src/fast-verify.js';
import { startApi, type TestApi } from './fixtures/api.js';

const FAST = '/credentials/verify';
const EXPRESS = '/credentials/verify?route=express';

/** Status, body and headers in order, Date left out (and Retry-After, which may tick over between two answers). */
function answerOf(response: request.Response) {
  const raw = (response as unknown as { res: { rawHeaders: string[] } }).res.rawHeaders;
  const headers: [string, string][] = [];
  for (let i = 0; i < raw.length; i += 2) if (!['date', 'retry-after'].includes(raw[i]!.toLowerCase())) headers.push([raw[i]!, raw[i + 1]!]);
  return { status: response.status, text: response.text, headers };
}

describe('API: POST /credentials/verify ahead of express', () => {
  let api: TestApi;
  let credential: SignedHealthCredential;
  const post = (path: string, text: string, type = 'application/json') =>
    request(api.app).post(path).set('Content-Type', type).send(text);
  /** The same request on the fast path and on the express route: the same answer, which is returned. */
  const both = async (text: string, type?: string) => {
    const fast = answerOf(await post(FAST, text, type));
    expect(fast).to.deep.equal(answerOf(await post(EXPRESS, text, type)));
    return fast;
  };

  beforeEach(async () => {
    api = startApi();
    ({ credential } = await api.issue(1));
  });
  afterEach(() => api.close());

  it('should answer a verified credential as the express route does: status, body, every header in order, ETag', async () => {
    const answer = await both(JSON.stringify({ verifiableCredential: credential }));
    expect(answer.status).to.equal(200);
    expect(JSON.parse(answer.text)).to.include({ verified: true });
    const names = answer.headers.map(([name]) => name);
    for (const name of ['Content-Security-Policy', 'Access-Control-Allow-Origin', 'X-Content-Type-Options', 'ETag', 'Content-Length']) {
      expect(names).to.include(name);
    }
  });

  it('should count its requests in the request metrics under the route pattern', async () => {
    await post(FAST, JSON.stringify({ verifiableCredential: credential })).expect(200);
    const metrics = await request(api.app).get('/metrics').expect(200);
    expect(metrics.text).to.match(/healthcred_http_requests_total\{method="POST",route="\/credentials\/verify",status="200"\} 1\n/);
    expect(metrics.text).to.match(/healthcred_verifications_total\{verified="true",failed_check="none"\} 1\n/);
  });

  describe('negative', () => {
    it('answers a failed verification, malformed JSON, a member named twice and a wrong body as express does', async () => {
      const tampered = { ...credential, credentialSubject: { ...credential.credentialSubject, name: 'Someone Else' } };
      const cases: [string, number][] = [
        [JSON.stringify({ verifiableCredential: tampered }), 400],
        ['{"verifiableCredential": {', 400],
        [`{"verifiableCredential": ${JSON.stringify(credential)}, "verifiableCredential": {}}`, 400],
        [JSON.stringify({ verifiableCredential: credential }).replace('"issuer"', '"issuer":"x","issuer"'), 400],
        ['[1]', 400], ['"text"', 400], ['{}', 400],
        [JSON.stringify({ verifiableCredential: credential, options: { challenge: 'x' } }), 400],
        [JSON.stringify({ verifiableCredential: credential, options: { checks: ['none'] } }), 400],
        [`${'['.repeat(40)}${']'.repeat(40)}`, 400],
        [`\uFEFF${JSON.stringify({ verifiableCredential: credential })}`, 200],
      ];
      for (const [text, status] of cases) {
        const answer = await both(text);
        expect(answer.status, text.slice(0, 60)).to.equal(status);
      }
      expect(JSON.parse((await both('{"verifiableCredential": {')).text)).to.deep.equal({
        error: { code: 'invalid_input', message: 'The body is not valid JSON (error at character 26).' },
      });
      const duplicate = JSON.parse((await both('{"verifiableCredential": {}, "verifiableCredential": {}}')).text);
      expect(duplicate).to.include({ verified: false });
      expect(duplicate.errors[0]).to.include({ check: 'structure', code: 'duplicate_member' });
    });

    it('refuses an oversized body (413), another content type (415) and a preflight answers CORS, as before', async () => {
      const big = JSON.stringify({ verifiableCredential: credential, padding: 'x'.repeat(300 * 1024) });
      expect((await both(big)).status).to.equal(413);
      expect((await both(JSON.stringify({ verifiableCredential: credential }), 'text/plain')).status).to.equal(415);
      await both(JSON.stringify({ verifiableCredential: credential }), 'application/json; charset=latin1');
      const preflight = await request(api.app).options(FAST).set('Origin', 'https://verifier.example').expect(204);
      expect(preflight.headers).to.include({
        'access-control-allow-origin': '*', 'access-control-allow-methods': 'POST, OPTIONS', 'access-control-allow-headers': 'Content-Type',
      });
      await request(api.app).get(FAST).expect(404);
      const gzipped = (path: string) => request(api.app).post(path).set({ 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' })
        .send(gzipSync(JSON.stringify({ verifiableCredential: credential })));
      expect(answerOf(await gzipped(FAST))).to.deep.equal(answerOf(await gzipped(EXPRESS)));
    });

    it('counts the fast path and the express route in one rate limit per client, 429 with Retry-After', async () => {
      const limited = startApi({ VERIFY_REQUESTS_PER_MINUTE: '2', TRUST_PROXY_ADDRESSES: 'loopback' });
      try {
        const text = JSON.stringify({ verifiableCredential: {} });
        const send = (path: string, client: string) => request(limited.app).post(path)
          .set({ 'Content-Type': 'application/json', 'X-Forwarded-For': client }).send(text);
        expect((await send(FAST, '203.0.113.7')).status).to.equal(400);
        expect((await send(EXPRESS, '203.0.113.7')).status).to.equal(400);
        const fast = await send(FAST, '203.0.113.7');
        const viaExpress = await send(EXPRESS, '203.0.113.7');
        expect(fast.status).to.equal(429);
        expect(fast.headers['retry-after']).to.match(/^\d+$/);
        expect(answerOf(fast)).to.deep.equal(answerOf(viaExpress));
        expect(fast.body.error).to.include({ code: 'rate_limited' });
        expect((await send(FAST, '198.51.100.2')).status).to.equal(400);
      } finally {
        await limited.close();
      }
    });

    it('leaves to express every request it does not read itself', () => {
      const route = fastVerifyRoute({
        headers: () => [], clientIp: () => '127.0.0.1', countClient: () => {}, limitBytes: 1000,
        verifyRequest: () => new Promise(() => {}), errorAnswer: () => ({ status: 500, body: { error: { code: 'internal', message: '' } } }),
        recordRequest: () => {},
      });
      const plain = { 'content-type': 'application/json', 'content-length': '10' };
      const taken = (method: string, url: string, headers: Record<string, string>) => route(
        { method, url, headers, on: () => undefined } as unknown as IncomingMessage, {} as ServerResponse,
      );
      expect(taken('POST', FAST, plain)).to.equal(true);
      expect(taken('POST', FAST, { ...plain, 'content-type': 'application/json; charset=UTF-8' })).to.equal(true);
      for (const [method, url, headers] of [
        ['OPTIONS', FAST, plain], ['GET', FAST, plain], ['POST', EXPRESS, plain], ['POST', `${FAST}/`, plain], ['POST', '/verify/qr', plain],
        ['POST', FAST, { ...plain, 'content-type': 'text/plain' }], ['POST', FAST, { ...plain, 'content-type': 'application/ld+json' }],
        ['POST', FAST, { ...plain, 'content-type': 'application/json; charset=latin1' }],
        ['POST', FAST, { ...plain, 'content-length': '1001' }], ['POST', FAST, { ...plain, 'content-length': '0' }],
        ['POST', FAST, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }],
        ['POST', FAST, { ...plain, 'content-encoding': 'gzip' }],
      ] as [string, string, Record<string, string>][]) {
        expect(taken(method, url, headers), `${method} ${url} ${JSON.stringify(headers)}`).to.equal(false);
      }
    });
  });
});
