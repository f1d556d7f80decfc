import { Router } from 'express';
import type { StatsConfig } from '@healthcred/config';
import { readProgrammeReport } from '@healthcred/runtime';
import { programmeReportCsv } from '@healthcred/stats';
import type { OrgUnitDirectory, PrivacyStore } from '@healthcred/store';
import { requireToken } from '../auth.js';
import type { LoginGuard } from '../login-limit.js';
import { queryChoice } from '../query.js';

/** What the stats route needs. */
export interface StatsRouteDeps {
  store: Pick<PrivacyStore, 'countProgramme'>;
  stats: StatsConfig;
  /** The DHIS2 org units, to roll counts up to STATS_ORG_UNIT_LEVEL. */
  orgUnits?: Pick<OrgUnitDirectory, 'find'>;
  loginGuard: LoginGuard;
}

/**
 * `GET /stats` (`Bearer $STATS_TOKEN`; `?format=csv` or `Accept: text/csv` for CSV): vaccination certificates issued
 * and revoked by day, org unit (at STATS_ORG_UNIT_LEVEL), vaccine, dose, sex and age band, each count under
 * STATS_MIN_CELL reported as `suppressed`, with totals of the counts shown only. No personal data: the counts come
 * from the certificates' programme facts, erased holders included. Never cached by proxies.
 */
export function statsRoutes(deps: StatsRouteDeps): Router {
  const router = Router();
  router.get('/stats', requireToken(deps.stats.token, 'stats API', deps.loginGuard), async (request, response) => {
    const format = queryChoice(request, 'format', ['json', 'csv'] as const)
      ?? (request.accepts(['application/json', 'text/csv']) === 'text/csv' ? 'csv' : 'json');
    const report = await readProgrammeReport(deps);
    response.set('Cache-Control', 'no-store');
    if (format === 'csv') response.type('text/csv').send(programmeReportCsv(report));
    else response.json(report);
  });
  return router;
}
