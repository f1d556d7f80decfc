import { loadConfig } from '@healthcred/config';
import { runIssuer } from '@healthcred/issuer';
import { createLogger } from '@healthcred/runtime';
import { parseCommandArgs, type Command } from '../command.js';

const usage = `Usage: healthcred issuer

Runs the issuer alone until SIGINT/SIGTERM: consumes DHIS2 payloads and certification requests, issues and stores
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
    const running = await runIssuer(config, createLogger({ name: 'issuer', level: config.logLevel }));
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await running.stop();
    return 0;
  },
};
