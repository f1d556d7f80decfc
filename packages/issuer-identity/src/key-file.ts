import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { HealthcredError } from '@healthcred/errors';
import { parseIssuerKeyFile, toIssuerKeyFile, type IssuerKeySet } from './issuer-keys.js';

/**
 * Reads an issuer key file.
 * @throws HealthcredError `key_error` when the file cannot be read or is not a valid key file.
 */
export function readIssuerKeyFile(path: string): IssuerKeySet {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new HealthcredError('key_error', `Cannot read issuer key file ${path}: ${(cause as Error).message}`, { cause });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The parser's message can quote the file's text, which holds secrets.
    throw new HealthcredError('key_error', `Issuer key file ${path} is not valid JSON.`);
  }
  return parseIssuerKeyFile(json, path);
}

/**
 * Writes an issuer key file readable by its owner only (mode 0600), atomically.
 *
 * @param options.overwrite - Replace an existing file (atomically). Default false: an existing file is an error, so a
 *   key is never lost by accident.
 * @throws HealthcredError `conflict` when the file exists and `overwrite` is false; `key_error` on a write failure.
 */
export function writeIssuerKeyFile(path: string, set: IssuerKeySet, options: { overwrite?: boolean } = {}): void {
  const text = `${JSON.stringify(toIssuerKeyFile(set), null, 2)}\n`;
  try {
    if (options.overwrite) {
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, text, { mode: 0o600 });
      chmodSync(temporary, 0o600);
      renameSync(temporary, path);
    } else {
      writeFileSync(path, text, { mode: 0o600, flag: 'wx' });
      chmodSync(path, 0o600);
    }
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new HealthcredError('conflict', `Issuer key file ${path} already exists; refusing to overwrite a key.`);
    }
    throw new HealthcredError('key_error', `Cannot write issuer key file ${path}: ${(cause as Error).message}`, { cause });
  }
}
