import { destination, pino, type Logger } from 'pino';
import type { Config } from '@healthcred/config';

export type { Logger };

/**
 * The structured (JSON) logger of a healthcred process, on stderr so stdout stays for command output. Fields that
 * could carry personal data or secrets are redacted wherever they appear two levels deep.
 */
export function createLogger(options: { name: string; level: Config['logLevel'] }): Logger {
  return pino({
    name: options.name,
    level: options.level,
    redact: {
      paths: ['record', 'credential', 'payload', 'privateKeyMultibase', '*.record', '*.credential', '*.payload',
        '*.privateKeyMultibase', '*.name', '*.dob'],
      censor: '[redacted]',
    },
  }, destination(2));
}
