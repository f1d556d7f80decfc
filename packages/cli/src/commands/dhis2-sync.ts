import { loadConfig } from '@healthcred/config';
import type { SyncProgress } from '@healthcred/dhis2-client';
import { loadMapping } from '@healthcred/pipeline';
import { createLogger, openDhis2State, openInfrastructure, startConfiguredDhis2Sync } from '@healthcred/runtime';
import { parseCommandArgs, UsageError, type Command, type Io } from '../command.js';

const usage = `Usage: healthcred dhis2 sync [--url <base>] [--token <pat> | --username <name> --password <pw>] [--once]
                            [--program <uid>] [--page-size N] [--interval SECONDS] [--overlap SECONDS]

Pulls the program's events changed since the stored watermark, with their tracked entities, from the DHIS2 Web
API (/api/tracker from DHIS2 2.36, /api/events and /api/trackedEntityInstances before; chosen from
/api/system/info) and publishes them to the DHIS2 topic, where the issuer certifies the completed doses. Page by
page, oldest change first; the watermark advances only once a page is on the bus, so a pull that is stopped or
killed resumes where it was (with an overlap: nothing is issued twice). Org units are refreshed into the org unit
directory at the start and whenever a page names an unknown one. Runs until Ctrl-C, pulling every --interval
seconds; --once pulls once and exits. 401 and 403 stop it with the reason; 5xx and timeouts are retried.

Options (each overrides its DHIS2_* variable; a token on the command line is visible to other local users in the
process list: prefer DHIS2_TOKEN in the environment):
  --url        DHIS2_URL, the base URL without /api
  --token      DHIS2_TOKEN, a personal access token (sent as "Authorization: ApiToken ...")
  --username   DHIS2_USERNAME, with --password (DHIS2_PASSWORD): basic auth instead of a token
  --program    DHIS2_PROGRAM [the mapping's first program]
  --page-size  DHIS2_SYNC_PAGE_SIZE [200]
  --interval   DHIS2_SYNC_INTERVAL_SECONDS [300]
  --overlap    DHIS2_SYNC_OVERLAP_SECONDS [300]
  --once       one pull, then exit (0 when it reached the end of the changes)`;

const FLAGS = {
  url: 'DHIS2_URL', token: 'DHIS2_TOKEN', username: 'DHIS2_USERNAME', password: 'DHIS2_PASSWORD', program: 'DHIS2_PROGRAM',
  'page-size': 'DHIS2_SYNC_PAGE_SIZE', interval: 'DHIS2_SYNC_INTERVAL_SECONDS', overlap: 'DHIS2_SYNC_OVERLAP_SECONDS',
} as const;

function progressLine(io: Io, progress: SyncProgress, started: number): void {
  const seconds = Math.max((Date.now() - started) / 1000, 0.001);
  io.stderr(`\rpulled ${progress.pages} page(s): ${progress.events.toLocaleString('en')} events of ` +
    `${progress.trackedEntities.toLocaleString('en')} tracked entities published ` +
    `(${Math.round(progress.events / seconds).toLocaleString('en')}/s), watermark ${progress.watermark ?? 'none'}`);
}

/** `healthcred dhis2 sync`. */
export const dhis2SyncCommand: Command = {
  name: 'sync',
  summary: 'Pull changed tracked entities and events from the DHIS2 Web API',
  usage,
  async run(args, io, env = {}) {
    const options = Object.fromEntries(Object.keys(FLAGS).map((flag) => [flag, { type: 'string' as const }]));
    const { values, positionals } = parseCommandArgs(args, { ...options, once: { type: 'boolean' } });
    if (values.help) return io.stdout(`${usage}\n`), 0;
    if (positionals.length > 0) throw new UsageError('dhis2 sync takes no file.');
    const overrides = Object.fromEntries(Object.entries(FLAGS)
      .filter(([flag]) => typeof (values as Record<string, unknown>)[flag] === 'string')
      .map(([flag, variable]) => [variable, (values as Record<string, string>)[flag]]));
    const config = loadConfig({ ...env, ...overrides });
    if (config.dhis2Sync === undefined) throw new UsageError('--url (or DHIS2_URL) is required.');
    const logger = createLogger({ name: 'cli', level: config.logLevel === 'info' ? 'warn' : config.logLevel });
    const mapping = loadMapping(config);
    const infrastructure = await openInfrastructure(config, logger);
    const state = await openDhis2State(config, logger).catch(async (error: unknown) => {
      await infrastructure.close();
      throw error;
    });
    const started = Date.now();
    try {
      const sync = startConfiguredDhis2Sync({ config, sync: config.dhis2Sync, mapping, state, bus: infrastructure.bus,
        logger, once: values.once === true, onPage: (progress) => progressLine(io, progress, started) });
      const stop = () => void sync.loop.stop();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await sync.loop.done.finally(() => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      });
      io.stderr('\n');
      const status = sync.loop.status();
      if (status.lastError !== undefined) {
        io.stderr(`healthcred dhis2 sync: ${status.lastError.message} [${status.lastError.code}]\n`);
        return 1;
      }
      io.stdout(`Pulled program ${sync.program} from ${config.dhis2Sync.url} (${status.pulls} pull(s)); the issuer ` +
        'certifies what was published. Follow with: healthcred certificates list, healthcred deadletter list\n');
      return 0;
    } finally {
      await Promise.all([state.close(), infrastructure.close()]);
    }
  },
};
