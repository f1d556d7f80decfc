export {
  STATUS_LIST_SIZE, STATUS_LIST_KINDS, statusEntry, statusEntryForPosition, statusListPath, statusListRange,
  statusListUrl, statusPurposeOf, parseStatusEntry, type ParsedStatusEntry, type StatusListKind,
} from './positions.js';
export { encodeStatusList, decodeStatusList, isStatusSet } from './bitstring.js';
export { buildStatusListCredential, type StatusListCredentialOptions } from './status-list-credential.js';
