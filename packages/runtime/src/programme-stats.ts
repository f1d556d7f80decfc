import { readFileSync } from 'node:fs';
import type { Dhis2Auth, StatsConfig } from '@healthcred/config';
import { dhis2Authorization } from '@healthcred/dhis2-client';
import { HealthcredError } from '@healthcred/errors';
import {
  ageBandLabels, dataValueSetOf, parseStatsMapping, programmeReport, type DataValueSetPlan, type ProgrammeReport, type StatsMapping,
} from '@healthcred/stats';
import type { OrgUnitDirectory, PrivacyStore } from '@healthcred/store';
import type { Logger } from './logger.js';

/**
 * The programme report of the store's counts as configured (k, age bands, org unit level), the org units rolled up
 * through the DHIS2 org unit directory when a level is set.
 */
export async function readProgrammeReport(deps: {
  store: Pick<PrivacyStore, 'countProgramme'>; orgUnits?: Pick<OrgUnitDirectory, 'find'>; stats: StatsConfig;
}): Promise<ProgrammeReport> {
  const counts = await deps.store.countProgramme();
  const { minCell, ageBands, orgUnitLevel } = deps.stats;
  if (orgUnitLevel === undefined || deps.orgUnits === undefined) return programmeReport(counts, { minCell, ageBands });
  const ids = [...new Set(counts.flatMap((count) => (count.orgUnit === undefined ? [] : [count.orgUnit])))];
  const units = new Map((await deps.orgUnits.find(ids)).map((unit) => [unit.id, unit]));
  return programmeReport(counts, { minCell, ageBands, orgUnitLevel, orgUnits: units });
}

/**
 * Reads and checks the DHIS2 stats mapping (DHIS2_STATS_MAPPING_FILE), once at start.
 * @throws HealthcredError `invalid_input` naming the file and the field, or saying it cannot be read.
 */
export function loadStatsMapping(stats: StatsConfig): StatsMapping | undefined {
  if (stats.mappingFile === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(stats.mappingFile, 'utf8'));
  } catch (cause) {
    const what = cause instanceof SyntaxError ? 'is not JSON' : `cannot be read (${(cause as NodeJS.ErrnoException).code ?? 'error'})`;
    throw new HealthcredError('invalid_input', `DHIS2_STATS_MAPPING_FILE: ${stats.mappingFile} ${what}.`, { cause });
  }
  return parseStatsMapping(json, stats.mappingFile, ageBandLabels(stats.ageBands));
}

/** What a push did. */
export interface StatsPush extends Omit<DataValueSetPlan, 'body'> {
  /** Data values sent. */
  sent: number;
  /** DHIS2's import counts, when it answered with them. */
  importCount?: Record<string, number>;
}

/**
 * Sends the report's published counts to DHIS2 as one `POST /api/dataValueSets` (see `dataValueSetOf`).
 * @throws HealthcredError `unavailable` (retryable) when DHIS2 cannot be reached or answers 5xx; `invalid_input`
 *   when it refuses the set (4xx), with its own message and the first conflicts; never with the credentials.
 */
export async function pushProgrammeStats(options: {
  report: ProgrammeReport; mapping: StatsMapping; dhis2: { url: string; auth: Dhis2Auth; timeoutMs?: number };
  fetch?: typeof globalThis.fetch;
}): Promise<StatsPush> {
  const { body, unmapped, suppressed } = dataValueSetOf(options.report, options.mapping);
  const { auth } = options.dhis2;
  const where = `POST ${options.dhis2.url}/api/dataValueSets`;
  let response: Response;
  try {
    response = await (options.fetch ?? globalThis.fetch)(`${options.dhis2.url}/api/dataValueSets`, {
      method: 'POST', body: JSON.stringify(body), signal: AbortSignal.timeout(options.dhis2.timeoutMs ?? 30_000),
      headers: { Authorization: dhis2Authorization(auth), 'Content-Type': 'application/json', Accept: 'application/json' },
    });
  } catch (cause) {
    throw new HealthcredError('unavailable', `${where} failed: ${(cause as Error).message}.`, { cause, retryable: true });
  }
  const answer = await response.json().catch(() => ({})) as { message?: string; response?: { importCount?: Record<string, number>; conflicts?: { value?: string }[] } };
  if (response.status >= 500) throw new HealthcredError('unavailable', `${where} answered ${response.status}.`, { retryable: true });
  const conflicts = (answer.response?.conflicts ?? []).slice(0, 3).map((conflict) => conflict.value).join('; ');
  if (!response.ok) {
    throw new HealthcredError('invalid_input', `${where} answered ${response.status}: ${answer.message ?? 'refused'}${conflicts ? ` (${conflicts})` : ''}.`);
  }
  return { sent: body.dataValues.length, unmapped, suppressed, ...(answer.response?.importCount ? { importCount: answer.response.importCount } : {}) };
}

/**
 * Pushes the programme counts to DHIS2 every `stats.pushMinutes` (DHIS2_STATS_PUSH_MINUTES), logging what was
 * sent; a failed push is logged and tried at the next interval. The timer does not keep the process alive.
 * Returns the function that stops it.
 */
export function startStatsPush(deps: Parameters<typeof readProgrammeReport>[0] & {
  mapping: StatsMapping; dhis2: { url: string; auth: Dhis2Auth; timeoutMs?: number }; logger: Logger;
}): () => void {
  const push = async () => {
    try {
      const pushed = await pushProgrammeStats({ report: await readProgrammeReport(deps), mapping: deps.mapping, dhis2: deps.dhis2 });
      deps.logger.info({ ...pushed, dataSet: deps.mapping.dataSet }, 'stats: pushed the programme counts to DHIS2');
    } catch (error) {
      deps.logger.warn({ err: error }, 'stats: the push to DHIS2 failed; it runs again at the next interval');
    }
  };
  const timer = setInterval(() => void push(), (deps.stats.pushMinutes ?? 60) * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
