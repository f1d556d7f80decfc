export { createDocumentLoader } from './document-loader.js';
export type { DocumentLoader, DocumentLoaderOptions, RemoteDocument } from './document-loader.js';
export { readHealthcredContexts, DEFAULT_CONTEXTS_DIR } from './contexts.js';
export {
  contextUrl, VACCINATION_CONTEXT_PATH, TEST_RESULT_CONTEXT_PATH, STATUS_LIST_CONTEXT_PATH, VACCINATION_CONTEXT_V2_PATH,
  TEST_RESULT_CONTEXT_V2_PATH,
} from './context-paths.js';
export { createMapLoader } from './map-loader.js';
