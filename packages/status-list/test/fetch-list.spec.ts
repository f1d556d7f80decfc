import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { fetchStatusList } from '@healthcred/status-list/read';

describe('fetchStatusList()', () => {
  let server: Server;
  let base: string;

  before(async () => {
    server = createServer((request, response) => {
      if (request.url === '/list') return void response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"id":"x"}');
      if (request.url === '/twice') return void response.writeHead(200).end('{"id":"x","id":"y"}');
      if (request.url === '/huge') {
        // Chunked, with no Content-Length: only reading the body can tell its size.
        response.writeHead(200, { 'Content-Type': 'application/json' });
        for (let i = 0; i < 64; i++) response.write(`"${'x'.repeat(1024)}",`);
        return void response.end();
      }
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  describe('negative', () => {
    it('stops reading a body past maxBytes, even without a Content-Length', async () => {
      const error = await fetchStatusList(`${base}/huge`, { maxBytes: 16 * 1024 }).then(() => undefined, (thrown: unknown) => thrown);
      expect(error).to.include({ code: 'invalid_input', message: `${base}/huge is larger than a status list can be.` });
    });

    it('refuses a non-200 answer, a URL that is not http(s), and JSON with a member named twice', async () => {
      expect(await fetchStatusList(`${base}/gone`).catch((e: unknown) => e)).to.include({ code: 'not_found' });
      expect(await fetchStatusList('file:///etc/passwd').catch((e: unknown) => e)).to.include({ code: 'invalid_input' });
      expect(await fetchStatusList(`${base}/twice`).catch((e: unknown) => e)).to.include({ reason: 'duplicate_member' });
    });
  });

  it('should read a list as JSON', async () => {
    expect(await fetchStatusList(`${base}/list`)).to.deep.equal({ id: 'x' });
  });
});
