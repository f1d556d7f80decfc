import { isHealthcredError } from '@healthcred/errors';
import { EXIT_USAGE, UsageError, type Command, type Io } from './command.js';
import { auditCommand } from './commands/audit.js';
import { certificatesCommand } from './commands/certificates.js';
import { dccCommand } from './commands/dcc.js';
import { deadletterCommand } from './commands/deadletter.js';
import { dhis2Command } from './commands/dhis2.js';
import { didCommand } from './commands/did.js';
import { issuerCommand } from './commands/issuer.js';
import { issueCommand } from './commands/issue.js';
import { keysCommand } from './commands/keys.js';
import { pdfCommand } from './commands/pdf.js';
import { qrCommand } from './commands/qr.js';
import { statsCommand } from './commands/stats.js';
import { subjectCommand } from './commands/subject.js';
import { trustCommand } from './commands/trust.js';
import { verifyCommand } from './commands/verify.js';

const COMMANDS: readonly Command[] = [
  keysCommand, didCommand, issueCommand, verifyCommand, qrCommand, pdfCommand, dhis2Command, certificatesCommand,
  deadletterCommand, issuerCommand, dccCommand, trustCommand, auditCommand, subjectCommand, statsCommand,
];

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `healthcred: verifiable health credentials from DHIS2 records

Usage: healthcred <command> [options]   (healthcred <command> --help for details)

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}
`;
}

/**
 * Runs the CLI with `args` (without the node and script paths) and returns the exit code. Errors are reported on
 * `io.stderr` as one clear line: usage errors with the command's usage, domain errors with their code, anything
 * else as an internal error without a stack trace (set HEALTHCRED_DEBUG=1 to see it).
 */
export async function runCli(args: string[], io: Io, env: NodeJS.ProcessEnv = {}): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(overview());
    return name === undefined ? EXIT_USAGE : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`healthcred: unknown command "${name}".\n\n${overview()}`);
    return EXIT_USAGE;
  }
  try {
    return await command.run(rest, io, env);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`healthcred ${name}: ${error.message}\n\n${command.usage}\n`);
      return EXIT_USAGE;
    }
    if (isHealthcredError(error)) {
      io.stderr(`healthcred ${name}: ${error.message} [${error.code}]\n`);
      return 1;
    }
    io.stderr(`healthcred ${name}: internal error: ${(error as Error)?.message ?? String(error)}\n`);
    if (env.HEALTHCRED_DEBUG) io.stderr(`${(error as Error)?.stack}\n`);
    return 1;
  }
}
