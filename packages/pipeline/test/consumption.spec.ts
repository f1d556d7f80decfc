import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { openSqliteBus } from '@healthcred/bus';
import { loadConfig } from '@healthcred/config';
import { createIssuer, holdIssuer } from '@healthcred/credentials';
import { loadDefaultDhis2Mapping } from '@healthcred/dhis2';
import { generateIssuerKeySet } from '@healthcred/issuer-identity';
import { startIssuerService } from '@healthcred/pipeline';
import { openSqliteStore } from '@healthcred/store';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { ConsumptionHealth } from '../src/consumption.js';
import { serveIssuerMetrics } from '../src/metrics-server.js';
import type { AddressInfo } from 'node:net';
import { mockVaccinationRecord, until } from '@healthcred/testing';

const topics = loadConfig({}).topics;

function capturing(lines: Record<string, unknown>[]) {
  return pino({ level: 'info' }, { write: (line: string) => { lines.push(JSON.parse(line) as Record<string, unknown>); } });
}

const gauge = async (registry: Registry, name: string, topic: string) =>
  (await registry.getSingleMetric(name)!.get()).values.find((value) => value.labels['topic'] === topic)?.value;

describe('issuer consumption health', () => {
  describe('negative', () => {
    it('logs an error and shows consuming 0 for a topic once the store is full, without dead-lettering the requests', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'healthcred-issuer-'));
      const store = openSqliteStore({ path: join(dir, 'store.sqlite'), maxBytes: 256 * 1024 });
      const bus = openSqliteBus({ path: join(dir, 'events.sqlite'), pollIntervalMs: 10, retryDelayMs: 50 });
      const lines: Record<string, unknown>[] = [];
      const service = await startIssuerService({
        store, bus, mapping: loadDefaultDhis2Mapping(), topics, logger: capturing(lines),
        issuer: holdIssuer(createIssuer({ keys: generateIssuerKeySet({ did: 'did:web:localhost%3A8080' }), url: 'http://localhost:8080' })),
        limits: { maxAttempts: 2, retryBaseMs: 1, payloadLimitBytes: 1024 * 1024 },
      });
      try {
        expect(await gauge(service.metrics, 'healthcred_issuer_consuming', topics.certify)).to.equal(1);
        await bus.publish(topics.certify, Array.from({ length: 150 }, (_, n) => ({
          key: `test:${n}`, value: JSON.stringify({ sourceKey: `test:${n}`, kind: 'vaccination', record: mockVaccinationRecord() }),
        })));
        await until(() => lines.some((line) => line['level'] === 50), 'an error line', 20_000);
        const stopped = lines.find((line) => line['level'] === 50)!;
        expect(stopped['msg']).to.match(/^issuer stopped consuming certify \(retrying\): Could not .+: the disk is full\.$/);
        expect(stopped).to.not.have.property('err');
        expect(await gauge(service.metrics, 'healthcred_issuer_consuming', topics.certify)).to.equal(0);
        expect(await gauge(service.metrics, 'healthcred_issuer_consuming', topics.dhis2)).to.equal(1);
        expect(await gauge(service.metrics, 'healthcred_issuer_consume_failures_total', topics.certify)).to.be.greaterThan(0);
        expect(await gauge(service.metrics, 'healthcred_issuer_last_progress_timestamp_seconds', topics.certify)).to.be.greaterThan(0);
        expect(await store.listDeadLetters()).to.deep.equal([]);
        expect((await bus.readOffsets('healthcred-issuer-certify')).reduce((lag, offset) => lag + offset.lag, 0)).to.be.greaterThan(0);
      } finally {
        await service.stop();
        await bus.close();
        await store.close();
      }
    });
  });

  it('logs when a stopped topic is consumed again, and shows consuming 1', async () => {
    const lines: Record<string, unknown>[] = [];
    const registry = new Registry();
    const health = new ConsumptionHealth({ logger: capturing(lines), registry, topics: ['certify'] });
    health.failed('certify', Object.assign(new Error('disk I/O error'), { code: 'SQLITE_FULL' }));
    health.failed('certify', new Error('again'));
    expect(await gauge(registry, 'healthcred_issuer_consuming', 'certify')).to.equal(0);
    health.progressed('certify');
    expect(await gauge(registry, 'healthcred_issuer_consuming', 'certify')).to.equal(1);
    expect(lines.map((line) => line['msg'])).to.deep.equal([
      'issuer stopped consuming certify (retrying): the disk is full', 'issuer consuming certify again',
    ]);
    expect(lines[1]).to.include({ failures: 2 });
  });

  it('serves its metrics over HTTP for a standalone issuer (ISSUER_METRICS_PORT)', async () => {
    const registry = new Registry();
    const logger = pino({ level: 'silent' });
    new ConsumptionHealth({ logger, registry, topics: ['certify'] }).failed('certify', new Error('down'));
    const server = await serveIssuerMetrics({ registry, port: 0, logger });
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const text = await (await fetch(`${base}/metrics`)).text();
      expect(text).to.contain('healthcred_issuer_consuming{topic="certify"} 0').and.contain('healthcred_issuer_process_cpu');
      expect((await fetch(`${base}/health`)).status).to.equal(200);
      expect((await fetch(`${base}/admin`)).status).to.equal(404);
    } finally {
      server.close();
    }
  });
});
