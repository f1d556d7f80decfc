import type { Dhis2SyncLoop } from '@healthcred/dhis2-client';
import { Counter, Gauge, type Registry } from 'prom-client';

/**
 * Registers the DHIS2 pull's metrics on `registry`, read from the loop's status at each scrape:
 * `healthcred_dhis2_sync_lag_seconds` (since the start of the last pull that reached the end of DHIS2's changes, or
 * since the loop started before the first: it grows while the pull is stopped or failing), `healthcred_dhis2_sync_up` (1 while the loop runs, 0 once it stopped, e.g. on a 401),
 * `healthcred_dhis2_sync_pulls_total` and `healthcred_dhis2_sync_failures_total`.
 */
export function registerDhis2SyncMetrics(registry: Registry, loop: Dhis2SyncLoop): void {
  const labelNames = [] as const;
  new Gauge({ name: 'healthcred_dhis2_sync_lag_seconds', help: 'Seconds since the start of the last DHIS2 pull that caught up',
    registers: [registry], labelNames, collect() { this.set(loop.status().lagSeconds); } });
  new Gauge({ name: 'healthcred_dhis2_sync_up', help: '1 while the DHIS2 pull runs, 0 once it stopped', registers: [registry],
    labelNames, collect() { this.set(loop.status().stopped ? 0 : 1); } });
  let pulls = 0;
  let failures = 0;
  new Counter({ name: 'healthcred_dhis2_sync_pulls_total', help: 'DHIS2 pulls finished', registers: [registry], labelNames,
    collect() {
      const { pulls: now } = loop.status();
      this.inc(now - pulls);
      pulls = now;
    } });
  new Counter({ name: 'healthcred_dhis2_sync_failures_total', help: 'DHIS2 pulls that failed', registers: [registry], labelNames,
    collect() {
      const { failures: now } = loop.status();
      this.inc(now - failures);
      failures = now;
    } });
}
