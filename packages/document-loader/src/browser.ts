export { createMapLoader } from './map-loader.js';
export type { DocumentLoader, RemoteDocument } from './document-loader.js';
export {
  contextUrl, VACCINATION_CONTEXT_PATH, TEST_RESULT_CONTEXT_PATH, STATUS_LIST_CONTEXT_PATH, VACCINATION_CONTEXT_V2_PATH,
  TEST_RESULT_CONTEXT_V2_PATH,
} from './context-paths.js';
