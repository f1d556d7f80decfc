import { chmodSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '@healthcred/config';
import { describeStorageFailure, HealthcredError } from '@healthcred/errors';
import type { Logger } from './logger.js';

/** The embedded tier's database files and their journals: names and birth dates, so the owner's alone. */
const DATABASE_FILES = ['store.sqlite', 'events.sqlite', 'dhis2.sqlite'].flatMap((name) => [name, `${name}-wal`, `${name}-shm`]);

const octal = (mode: number) => `0${mode.toString(8)}`;

/** `what: <the problem in words>.` as a HealthcredError `unavailable`, for a failed file operation. */
export function fileError(what: string, error: unknown): HealthcredError {
  const failure = describeStorageFailure(error);
  const problem = failure?.problem ?? `${(error as NodeJS.ErrnoException).code ?? 'an unexpected error'}`;
  return new HealthcredError('unavailable', `${what}: ${problem}.`, { cause: error, retryable: failure?.retryable ?? false });
}

/**
 * Takes group and other permissions away from `path` when it has any beyond `mode` (0700 for a directory, 0600 for a
 * file), and says so in a log line; a file that cannot be changed (a read-only mount, another owner) gets a warning.
 * A missing file is left alone.
 */
export function restrictPermissions(path: string, mode: number, logger: Logger): void {
  let was: number;
  try {
    was = statSync(path).mode & 0o777;
  } catch {
    return;
  }
  if ((was & ~mode) === 0) return;
  try {
    chmodSync(path, was & mode);
    logger.warn({ path, was: octal(was), now: octal(was & mode) }, 'tightened the permissions of a file holding personal data or keys');
  } catch (error) {
    logger.warn({ path, mode: octal(was), reason: describeStorageFailure(error)?.problem ?? (error as NodeJS.ErrnoException).code },
      `could not tighten the permissions of a file holding personal data or keys: make it ${octal(mode)}`);
  }
}

/**
 * Makes the embedded tier's data directory ready: creates it owner-only (0700), tightens an existing directory to
 * 0700 and its database files to 0600 (logging each change), and, unless `options.writable` is false (a command that
 * only reads), checks that it can be written.
 * @throws HealthcredError `unavailable` naming HEALTHCRED_DATA_DIR and the problem in words (`the file system is
 *   read-only`, `the disk is full`, `permission denied: ...`).
 */
export function prepareDataDir(config: Config, logger: Logger, options: { writable?: boolean } = {}): void {
  const dir = config.dataDir;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw fileError(`HEALTHCRED_DATA_DIR ${dir} cannot be created`, error);
  }
  restrictPermissions(dir, 0o700, logger);
  for (const name of DATABASE_FILES) restrictPermissions(join(dir, name), 0o600, logger);
  if (options.writable === false) return;
  const probe = join(dir, `.healthcred-write-check-${process.pid}`);
  try {
    writeFileSync(probe, '', { mode: 0o600 });
    rmSync(probe);
  } catch (error) {
    throw fileError(`HEALTHCRED_DATA_DIR ${dir} cannot be written`, error);
  }
}
