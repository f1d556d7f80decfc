export { createDocumentLoader } from './document-loader.js';
export type { DocumentLoader, DocumentLoaderOptions, RemoteDocument } from './document-loader.js';
export { readHealthcredContexts, DEFAULT_CONTEXTS_DIR } from './contexts.js';
export {
  contextUrl, VACCINATION_CONTEXT_PATH, TEST_RESULT_CONTEXT_PATH, STATUS_LIST_CONTEXT_PATH, VACCINATION_CONTEXT_V2_PATH,
  TEST_RESULT_CONTEXT_V2_PATH, VC_V1_CONTEXT, ED25519_2020_CONTEXT, DID_V1_CONTEXT, VC_V2_CONTEXT, MULTIKEY_V1_CONTEXT,
  VACCINATION_CONTEXT_V3_PATH, TEST_RESULT_CONTEXT_V3_PATH, methodContext,
} from './context-paths.js';
export { createMapLoader } from './map-loader.js';
export { readDivocContexts, DIVOC_CONTEXTS_FOLDER } from './contexts.js';
export { DIVOC_CONTEXT_NAMES, isDivocContextName, divocContextDocuments } from './divoc-namespaces.js';
export type { DivocContextName, DivocNamespaces } from './divoc-namespaces.js';
export { SECURITY_CONTEXTS, SECURITY_V1_CONTEXT, SECURITY_V2_CONTEXT } from './security-contexts.js';
export { STATUS_LIST_2021_CONTEXT, STATUS_LIST_2021_CONTEXTS } from './status-list-2021-context.js';
