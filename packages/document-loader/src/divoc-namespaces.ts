import { HealthcredError } from '@healthcred/errors';

/**
 * DIVOC's JSON-LD contexts, by their file under `contexts/divoc/`: the vaccination context v1 and v2 (the npm package
 * `vaccination-context` 1.1.0) and the test-certificate context v1. DIVOC serves each at a namespace URL of the
 * country's own (`https://cowin.gov.in/credentials/vaccination/v1`, `https://divoc.dev/credentials/vaccination/v1`).
 */
export const DIVOC_CONTEXT_NAMES = ['vaccination/v1', 'vaccination/v2', 'test-certificate/v1'] as const;

/** One of {@link DIVOC_CONTEXT_NAMES}. */
export type DivocContextName = typeof DIVOC_CONTEXT_NAMES[number];

/**
 * Which DIVOC context document a namespace URL serves, e.g.
 * `{"https://cowin.gov.in/credentials/vaccination/v1": "vaccination/v1"}`: a deployment's configuration, since each
 * DIVOC country publishes the same documents under its own URLs.
 */
export type DivocNamespaces = Readonly<Record<string, DivocContextName>>;

/** Whether `name` is one of {@link DIVOC_CONTEXT_NAMES}. */
export function isDivocContextName(name: string): name is DivocContextName {
  return (DIVOC_CONTEXT_NAMES as readonly string[]).includes(name);
}

/**
 * The documents to serve for `namespaces`: each namespace URL with its DIVOC context.
 *
 * @throws HealthcredError `invalid_input` naming a URL mapped to a name that is not a DIVOC context.
 */
export function divocContextDocuments(
  namespaces: DivocNamespaces, contexts: ReadonlyMap<DivocContextName, object>,
): Map<string, object> {
  const documents = new Map<string, object>();
  for (const [url, name] of Object.entries(namespaces)) {
    const document = contexts.get(name);
    if (document === undefined) {
      throw new HealthcredError('invalid_input',
        `DIVOC namespace ${url} maps to "${name}", which is not one of ${DIVOC_CONTEXT_NAMES.join(', ')}.`);
    }
    documents.set(url, document);
  }
  return documents;
}
