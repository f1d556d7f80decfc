import { HealthcredError } from '@healthcred/errors';
import type { DocumentLoader } from './document-loader.js';

/**
 * A document loader over a fixed map of URL to document, for places without a file system (the verifier page).
 * It never touches the network and returns the same document object for a URL every time.
 *
 * @throws HealthcredError `unknown_document` (from the returned loader) for any other URL, naming it.
 */
export function createMapLoader(documents: ReadonlyMap<string, unknown>): DocumentLoader {
  return async (url: string) => {
    const document = documents.get(url);
    if (document === undefined) throw new HealthcredError('unknown_document', `No offline copy of "${url}".`);
    return { contextUrl: null, documentUrl: url, document };
  };
}
