import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HealthcredError } from '@healthcred/errors';
import { DIVOC_CONTEXT_NAMES, type DivocContextName } from './divoc-namespaces.js';

/** The repository's `contexts/` folder, as seen from this package's build output. */
export const DEFAULT_CONTEXTS_DIR = fileURLToPath(new URL('../../../contexts/', import.meta.url));

/** Folder of DIVOC's contexts below a `contexts/` folder; healthcred's own contexts are everything else. */
export const DIVOC_CONTEXTS_FOLDER = 'divoc';

/**
 * Reads the healthcred JSON-LD contexts from a `contexts/` folder: every `*.json` file below it but DIVOC's (see
 * {@link readDivocContexts}), keyed by its path without `.json` (e.g. `credentials/vaccination/v1`), which is the
 * path it is served at under an issuer's base URL.
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
    if (path.startsWith(`${DIVOC_CONTEXTS_FOLDER}/`)) continue;
    const document: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof document !== 'object' || document === null || !('@context' in document)) {
      throw new HealthcredError('internal', `Context file ${file} has no "@context".`);
    }
    contexts.set(path, document);
  }
  return contexts;
}

/**
 * Reads DIVOC's contexts from `<dir>/divoc/<name>.json`.
 *
 * @param dir - The `contexts/` folder. Defaults to the repository's.
 * @throws HealthcredError `internal` when a file is missing or not a JSON object with an `@context`.
 */
export function readDivocContexts(dir: string = DEFAULT_CONTEXTS_DIR): Map<DivocContextName, object> {
  const contexts = new Map<DivocContextName, object>();
  for (const name of DIVOC_CONTEXT_NAMES) {
    const file = join(dir, DIVOC_CONTEXTS_FOLDER, `${name}.json`);
    let document: unknown;
    try {
      document = JSON.parse(readFileSync(file, 'utf8'));
    } catch (cause) {
      throw new HealthcredError('internal', `DIVOC context file ${file} cannot be read as JSON.`, { cause });
    }
    if (typeof document !== 'object' || document === null || !('@context' in document)) {
      throw new HealthcredError('internal', `DIVOC context file ${file} has no "@context".`);
    }
    contexts.set(name, document);
  }
  return contexts;
}
