import { readFileSync } from 'node:fs';
import { HealthcredError } from '@healthcred/errors';
import { parseJson } from '@healthcred/validation';

/** Largest JSON or text file the CLI reads (a credential, record or certificate is a few kilobytes). */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

/**
 * Reads a UTF-8 text file (a PEM certificate).
 * @throws HealthcredError `invalid_input` when the file is missing or too large.
 */
export function readTextFile(path: string): string {
  return readBytes(path).toString('utf8');
}

function readBytes(path: string): Buffer {
  let buffer: Buffer;
  try {
    buffer = readFileSync(path);
  } catch (cause) {
    throw new HealthcredError('invalid_input', `Cannot read ${path}: ${(cause as NodeJS.ErrnoException).code ?? 'error'}.`, { cause });
  }
  if (buffer.length > MAX_FILE_BYTES) {
    throw new HealthcredError('invalid_input', `${path} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB.`);
  }
  return buffer;
}

/**
 * Reads and parses a JSON file.
 * @throws HealthcredError `invalid_input` when the file is missing, too large, or not JSON.
 */
export function readJsonFile(path: string): unknown {
  return parseJson(readBytes(path).toString('utf8'), path);
}
