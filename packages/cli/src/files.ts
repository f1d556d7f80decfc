import { readFileSync } from 'node:fs';
import { HealthcredError } from '@healthcred/errors';
import { parseJson } from '@healthcred/validation';

/** Largest JSON file the CLI reads (a credential or record is a few kilobytes). */
const MAX_JSON_BYTES = 5 * 1024 * 1024;

/**
 * Reads and parses a JSON file.
 * @throws HealthcredError `invalid_input` when the file is missing, too large, or not JSON.
 */
export function readJsonFile(path: string): unknown {
  let buffer: Buffer;
  try {
    buffer = readFileSync(path);
  } catch (cause) {
    throw new HealthcredError('invalid_input', `Cannot read ${path}: ${(cause as NodeJS.ErrnoException).code ?? 'error'}.`, { cause });
  }
  if (buffer.length > MAX_JSON_BYTES) {
    throw new HealthcredError('invalid_input', `${path} is larger than ${MAX_JSON_BYTES / 1024 / 1024} MB.`);
  }
  return parseJson(buffer.toString('utf8'), path);
}
