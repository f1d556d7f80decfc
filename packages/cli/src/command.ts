import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Where a command writes: injected so tests can run commands in-process. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** A CLI command: its usage text and what it does. Returns the process exit code. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(args: string[], io: Io, env?: NodeJS.ProcessEnv): Promise<number>;
}

/** Exit code of a usage error (bad flags, missing arguments). */
export const EXIT_USAGE = 2;

/** A command-line mistake: the message is shown with the command's usage. */
export class UsageError extends Error {
  override name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

/**
 * Parses a command's arguments strictly (an unknown flag is a usage error) and adds `--help`.
 * @throws UsageError naming the unknown or malformed flag.
 */
export function parseCommandArgs<O extends Options>(
  args: string[], options: O, allowPositionals = false,
): ReturnType<typeof parseArgs<{ options: O & typeof HELP; allowPositionals: true; strict: true }>> {
  try {
    return parseArgs({ args, options: { ...options, ...HELP }, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Reads a required string flag. */
export function requireFlag(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required.`);
  return value;
}
