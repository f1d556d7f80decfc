import { expect } from 'chai';
import { HealthcredError } from '@healthcred/errors';
import { createDidWebResolver, type DidWebResolver } from '@healthcred/trust';
import { issuerDocument, serveJson, startDidServer, type DidServer } from '@healthcred/testing';

async function refusal(promise: Promise<unknown>): Promise<HealthcredError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(HealthcredError);
    return error as HealthcredError;
  }
  return expect.fail('resolved what it should refuse');
}

describe('createDidWebResolver()', () => {
  let server: DidServer;
  let clock: number;
  const resolver = (extra: { timeoutMs?: number; maxBytes?: number } = {}): DidWebResolver =>
    createDidWebResolver({ fetch, ttlMs: 60_000, now: () => clock, ...extra });

  beforeEach(async () => {
    server = await startDidServer();
    clock = Date.parse('2026-02-01T00:00:00Z');
  });
  afterEach(() => server.close());

  describe('negative', () => {
    it('never resolves a did:key or another method, and asks no server', async () => {
      const did = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
      expect((await refusal(resolver().resolve(did))).message).to.contain('did:key');
      expect((await refusal(resolver().resolve('did:example:123'))).code).to.equal('invalid_input');
      expect(server.requests).to.equal(0);
    });

    it('refuses a document whose id is not the DID (another issuer\'s keys served under this host)', async () => {
      server.answer(serveJson(issuerDocument('did:web:evil.example')));
      const error = await refusal(resolver().resolve(server.did));
      expect(error).to.include({ code: 'unknown_document', retryable: true });
      expect(error.message).to.contain('did:web:evil.example');
    });

    it('refuses an HTTP error, a redirect, a document over the size limit and JSON with a duplicate member', async () => {
      server.answer((_request, response) => response.writeHead(500).end('down'));
      expect((await refusal(resolver().resolve(server.did))).message).to.contain('HTTP 500');
      server.answer((_request, response) => response.writeHead(302, { Location: 'https://evil.example/did.json' }).end());
      expect((await refusal(resolver().resolve(server.did))).message).to.contain('unexpected redirect');
      server.answer(serveJson({ ...issuerDocument(server.did), padding: 'x'.repeat(5000) }));
      expect((await refusal(resolver({ maxBytes: 4096 }).resolve(server.did))).message).to.contain('larger than 4096 bytes');
      const document = JSON.stringify(issuerDocument(server.did));
      server.answer((_request, response) => response.writeHead(200).end(`${document.slice(0, -1)},"id":"${server.did}"}`));
      expect((await refusal(resolver().resolve(server.did))).message).to.contain('"id"');
    });

    it('keeps the last good copy when the server answers 500 later, and records the failure', async () => {
      const document = issuerDocument(server.did);
      server.answer(serveJson(document));
      const resolving = resolver();
      const good = await resolving.resolve(server.did);
      clock += 120_000;
      server.answer((_request, response) => response.writeHead(500).end());
      expect(await resolving.resolve(server.did)).to.equal(good);
      expect(resolving.state(server.did)).to.deep.include({ document: good, error: `http://127.0.0.1:${server.did.split('%3A')[1]}/.well-known/did.json answered HTTP 500` });
      expect(resolving.state(server.did)?.failedAt).to.equal(new Date(clock).toISOString());
    });

    it('keeps the last good copy when the server does not answer in time', async () => {
      server.answer(serveJson(issuerDocument(server.did)));
      const resolving = resolver({ timeoutMs: 200 });
      const good = await resolving.resolve(server.did);
      clock += 120_000;
      server.answer(() => undefined);
      expect(await resolving.resolve(server.did)).to.equal(good);
      expect(resolving.state(server.did)?.error).to.equal('no answer within 200 ms');
    });
  });

  it('should fetch /.well-known/did.json once per TTL, and keep the same object while the document is unchanged', async () => {
    const document = issuerDocument(server.did);
    let path = '';
    server.answer((request, response) => {
      path = request.url ?? '';
      serveJson(document)(request, response);
    });
    const resolving = resolver();
    const first = await resolving.resolve(server.did);
    expect(first).to.deep.equal(document);
    expect(path).to.equal('/.well-known/did.json');
    await resolving.resolve(server.did);
    expect(server.requests).to.equal(1);
    clock += 120_000;
    expect(await resolving.resolve(server.did)).to.equal(first);
    expect(server.requests).to.equal(2);
    const rotated = issuerDocument(server.did, { rotated: true });
    server.answer(serveJson(rotated));
    clock += 120_000;
    const second = await resolving.resolve(server.did);
    expect(second).to.not.equal(first);
    expect(second.verificationMethod).to.have.length(2);
    expect(resolving.state(server.did)).to.deep.equal({ did: server.did, document: second, fetchedAt: new Date(clock).toISOString() });
  });
});
