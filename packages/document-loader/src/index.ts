export { createDocumentLoader } from './document-loader.js';
export type { DocumentLoader, DocumentLoaderOptions, RemoteDocument } from './document-loader.js';
export {
  readHealthcredContexts, contextUrl, DEFAULT_CONTEXTS_DIR, VACCINATION_CONTEXT_PATH, TEST_RESULT_CONTEXT_PATH,
} from './contexts.js';
