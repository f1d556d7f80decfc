export {
  STATUS_LIST_SIZE, statusEntryForPosition, statusListPath, statusListRange, statusListUrl, parseStatusEntry,
} from './positions.js';
export { encodeStatusList, decodeStatusList, isStatusSet } from './bitstring.js';
export { buildStatusListCredential, STATUS_LIST_CONTEXT_PATH, type StatusListCredentialOptions } from './status-list-credential.js';
