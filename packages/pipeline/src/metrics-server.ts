import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, type Registry } from 'prom-client';
import type { Logger } from 'pino';

/**
 * Serves the standalone issuer's `GET /metrics` (its consumption metrics and the process's own, prefixed
 * `healthcred_issuer_`) and `GET /health` on `port`; anything else answers 404. Resolves once listening.
 */
export async function serveIssuerMetrics(options: { registry: Registry; port: number; logger: Logger }): Promise<Server> {
  const { registry } = options;
  collectDefaultMetrics({ register: registry, prefix: 'healthcred_issuer_' });
  const server = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/metrics') {
      registry.metrics().then((text) => response.writeHead(200, { 'Content-Type': registry.contentType }).end(text),
        () => response.writeHead(500).end());
    } else if (request.method === 'GET' && request.url === '/health') {
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"ok"}');
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, () => resolve());
  });
  options.logger.info({ port: options.port }, 'issuer metrics listening');
  return server;
}
