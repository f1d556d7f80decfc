import { securityLoader } from '@digitalbazaar/security-document-loader';
import { HealthcredError } from '@healthcred/errors';
import type { DidDocument } from '@healthcred/types';
import { contexts as multikeyContexts } from '@digitalbazaar/multikey-context';
import { contextUrl, methodContext, MULTIKEY_V1_CONTEXT } from './context-paths.js';
import { readDivocContexts, readHealthcredContexts } from './contexts.js';
import { divocContextDocuments, type DivocContextName, type DivocNamespaces } from './divoc-namespaces.js';
import { SECURITY_CONTEXTS } from './security-contexts.js';
import { STATUS_LIST_2021_CONTEXTS } from './status-list-2021-context.js';

/** What a JSON-LD document loader returns for a URL. */
export interface RemoteDocument {
  contextUrl: string | null;
  documentUrl: string;
  document: unknown;
}

/** A JSON-LD document loader as `jsonld` and `@digitalbazaar/vc` expect it. */
export type DocumentLoader = (url: string) => Promise<RemoteDocument>;

/** Options of {@link createDocumentLoader}. */
export interface DocumentLoaderOptions {
  /**
   * Public base URLs of the issuers whose credentials are issued or verified. The healthcred contexts are served
   * under each one (`<base>/credentials/vaccination/v1`, ...). Default: none.
   */
  contextBaseUrls?: readonly string[];
  /** Context documents keyed by their path under a base URL. Default: {@link readHealthcredContexts}(). */
  contexts?: ReadonlyMap<string, object>;
  /**
   * DIVOC namespace URLs and the DIVOC context each serves (`{"https://cowin.gov.in/credentials/vaccination/v1":
   * "vaccination/v1"}`), as configured (`HEALTHCRED_DIVOC_CONTEXTS`). Default: none; any other URL still throws.
   */
  divocNamespaces?: DivocNamespaces;
  /** DIVOC's context documents by name. Default: {@link readDivocContexts}() when `divocNamespaces` has entries. */
  divocContexts?: ReadonlyMap<DivocContextName, object>;
  /** DID documents of trusted issuers. Each document and each of its verification methods become loadable. */
  didDocuments?: readonly DidDocument[];
}

/**
 * Creates an offline document loader. It serves the W3C VC v1/v2 (npm `@digitalbazaar/credentials-context`), DID,
 * Ed25519-2020, Multikey, Security v1/v2 and Status List 2021 contexts, the
 * healthcred contexts under each trusted base URL, DIVOC's contexts at each configured namespace URL, did:key documents, and the given DID documents with their verification
 * methods. It never touches the network.
 *
 * For a verification method id (`did:web:example.org#z6Mk...`) it returns the verification method itself, with the
 * Ed25519-2020 context, as linked-data proof suites require.
 *
 * @throws HealthcredError `invalid_input` when a DIVOC namespace maps to no DIVOC context.
 * @throws HealthcredError `unknown_document` (from the returned loader) for any URL it does not hold, naming the URL.
 */
export function createDocumentLoader(options: DocumentLoaderOptions = {}): DocumentLoader {
  const loader = securityLoader();
  const contexts = options.contexts ?? readHealthcredContexts();
  for (const baseUrl of options.contextBaseUrls ?? []) {
    for (const [path, document] of contexts) loader.addStatic(contextUrl(baseUrl, path), document);
  }
  for (const [url, document] of [...SECURITY_CONTEXTS, ...STATUS_LIST_2021_CONTEXTS]) loader.addStatic(url, document);
  loader.addStatic(MULTIKEY_V1_CONTEXT, multikeyContexts.get(MULTIKEY_V1_CONTEXT) as object);
  const namespaces = options.divocNamespaces ?? {};
  if (Object.keys(namespaces).length > 0) {
    const divoc = divocContextDocuments(namespaces, options.divocContexts ?? readDivocContexts());
    for (const [url, document] of divoc) loader.addStatic(url, document);
  }
  for (const didDocument of options.didDocuments ?? []) {
    loader.addStatic(didDocument.id, didDocument);
    for (const method of didDocument.verificationMethod) {
      loader.addStatic(method.id, { '@context': methodContext(method.type), ...method });
    }
  }
  const load = loader.build();
  return async (url: string) => {
    try {
      return await load(url);
    } catch (cause) {
      throw new HealthcredError('unknown_document',
        `No offline copy of "${url}": it is not a bundled context, a trusted issuer's DID or key, or a did:key.`,
        { cause });
    }
  };
}
