import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CredentialStore } from '@healthcred/store';
import { CERTIFICATE_STATUSES } from '@healthcred/store';

/** The API's Prometheus metrics, in a registry of their own (not prom-client's global one). */
export interface Metrics {
  registry: Registry;
  verifications: Counter<'verified' | 'failed_check'>;
  verifyDuration: Histogram<string>;
  /** Records method, route and status of each request, and its duration. */
  middleware: RequestHandler;
}

/**
 * Creates the metrics: HTTP requests and their latency per route, verification outcomes and latency, and, read
 * from the store at each scrape, certificates per status and open dead letters (what the issuer did, for every
 * replica alike).
 */
export function createMetrics(store: CredentialStore): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'healthcred_api_' });
  const requests = new Counter({
    name: 'healthcred_http_requests_total', help: 'HTTP requests by method, route and status.',
    labelNames: ['method', 'route', 'status'] as const, registers: [registry],
  });
  const duration = new Histogram({
    name: 'healthcred_http_request_duration_seconds', help: 'HTTP request latency by route.',
    labelNames: ['route'] as const, buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const verifications = new Counter({
    name: 'healthcred_verifications_total', help: 'Verifications by outcome and first failed check.',
    labelNames: ['verified', 'failed_check'] as const, registers: [registry],
  });
  const verifyDuration = new Histogram({
    name: 'healthcred_verification_duration_seconds', help: 'Time to verify one credential.',
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1], registers: [registry],
  });
  new Gauge({
    name: 'healthcred_certificates', help: 'Stored certificates by status.', labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      for (const status of CERTIFICATE_STATUSES) this.set({ status }, await store.count({ status }));
    },
  });
  new Gauge({
    name: 'healthcred_dead_letters_open', help: 'Dead letters waiting for an operator (up to 1000).', registers: [registry],
    async collect() {
      this.set((await store.listDeadLetters({ status: 'open', limit: 1000 })).length);
    },
  });
  const middleware: RequestHandler = (request, response, next) => {
    const stop = duration.startTimer();
    response.on('finish', () => {
      // The matched route pattern, not the URL: certificate ids must not become label values.
      const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
      stop({ route });
      requests.inc({ method: request.method, route, status: String(response.statusCode) });
    });
    next();
  };
  return { registry, verifications, verifyDuration, middleware };
}
