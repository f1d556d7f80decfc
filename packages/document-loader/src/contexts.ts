import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HealthcredError } from '@healthcred/errors';

/** The repository's `contexts/` folder, as seen from this package's build output. */
export const DEFAULT_CONTEXTS_DIR = fileURLToPath(new URL('../../../contexts/', import.meta.url));


/**
 * Reads the healthcred JSON-LD contexts from a `contexts/` folder: every `*.json` file below it, keyed by its
 * path without `.json` (e.g. `credentials/vaccination/v1`), which is the path it is served at.
 *
 * @param dir - The folder to read. Defaults to the repository's `contexts/`.
 * @throws HealthcredError `internal` when a file is not a JSON object with an `@context`.
 */
export function readHealthcredContexts(dir: string = DEFAULT_CONTEXTS_DIR): Map<string, object> {
  const contexts = new Map<string, object>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.json')) continue;
    const file = join(entry.parentPath, entry.name);
    const path = relative(dir, file).split(sep).join('/').replace(/\.json$/, '');
    const document: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof document !== 'object' || document === null || !('@context' in document)) {
      throw new HealthcredError('internal', `Context file ${file} has no "@context".`);
    }
    contexts.set(path, document);
  }
  return contexts;
}
