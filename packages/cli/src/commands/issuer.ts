import { loadConfig } from '@healthcred/config';
import { runIssuerUntilSignal } from '@healthcred/pipeline';
import { createLogger } from '@healthcred/runtime';
import { parseCommandArgs, type Command } from '../command.js';

const usage = `Usage: healthcred issuer

Runs the issuer alone until SIGINT/SIGTERM (then finishes the messages in flight and exits): consumes DHIS2 payloads and certification requests, issues and stores
credentials. Configured by environment variables (HEALTHCRED_DATA_DIR, ISSUER_URL, HEALTHCRED_TIER, ...; see the
README). Logs are JSON lines on stderr.`;

/** `healthcred issuer`. */
export const issuerCommand: Command = {
  name: 'issuer',
  summary: 'Run the issuer service',
  usage,
  async run(args, io, env = {}) {
    const { values } = parseCommandArgs(args, {});
    if (values.help) return io.stdout(`${usage}\n`), 0;
    const config = loadConfig(env);
    await runIssuerUntilSignal(config, createLogger({ name: 'issuer', level: config.logLevel }));
    return 0;
  },
};
