import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { EventBus } from '@healthcred/bus';
import type { CredentialStore } from '@healthcred/store';
import { CERTIFICATE_STATUSES } from '@healthcred/store';

/** The API's Prometheus metrics, in a registry of their own (not prom-client's global one). */
export interface Metrics {
  registry: Registry;
  verifications: Counter<'verified' | 'failed_check'>;
  verifyDuration: Histogram<string>;
  /** Records method, route and status of each request, and its duration. */
  middleware: RequestHandler;
  /** Records one answered request (what `middleware` records): its route pattern, status and duration in seconds. */
  recordRequest: (method: string, route: string, status: number, seconds: number) => void;
}

/**
 * Creates the metrics: HTTP requests and their latency per route, verification outcomes and latency, and, read
 * at each scrape, certificates per status and open dead letters (from the store) and, with `consumers`, each
 * group's lag per partition (from the event log): what the issuer did and has still to do, for every replica alike.
 */
export function createMetrics(store: CredentialStore, consumers?: { bus: EventBus; groups: readonly string[] }): Metrics {
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
  if (consumers) {
    new Gauge({
      name: 'healthcred_consumer_lag', help: 'Messages published but not yet consumed, per consumer group and partition.',
      labelNames: ['group', 'topic', 'partition'] as const, registers: [registry],
      async collect() {
        this.reset();
        for (const group of consumers.groups) {
          for (const offset of await consumers.bus.readOffsets(group)) {
            this.set({ group, topic: offset.topic, partition: String(offset.partition) }, offset.lag);
          }
        }
      },
    });
  }
  // The labelled series, found once per label set rather than hashed from a label object per request.
  const counted = new Map<string, { inc: () => void }>();
  const timed = new Map<string, { observe: (seconds: number) => void }>();
  const recordRequest = (method: string, route: string, status: number, seconds: number) => {
    let histogram = timed.get(route);
    if (histogram === undefined) timed.set(route, histogram = duration.labels({ route }));
    histogram.observe(seconds);
    const key = `${method} ${status} ${route}`;
    let counter = counted.get(key);
    if (counter === undefined) counted.set(key, counter = requests.labels({ method, route, status: String(status) }));
    counter.inc();
  };
  const middleware: RequestHandler = (request, response, next) => {
    const start = performance.now();
    response.on('finish', () => {
      // The matched route pattern, not the URL: certificate ids must not become label values.
      const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
      recordRequest(request.method, route, response.statusCode, (performance.now() - start) / 1000);
    });
    next();
  };
  return { registry, verifications, verifyDuration, middleware, recordRequest };
}
