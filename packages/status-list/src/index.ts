export {
  STATUS_LIST_SIZE, STATUS_LIST_KINDS, statusEntry, statusEntryForPosition, statusListPath, statusListRange,
  statusListUrl, statusPurposeOf, parseStatusEntry, type ParsedStatusEntry, type StatusListKind,
} from './positions.js';
export { encodeStatusList, decodeStatusList, isStatusSet } from './bitstring.js';
export { buildStatusListCredential, type StatusListCredentialOptions } from './status-list-credential.js';
export {
  VC2_STATUS_LIST_KINDS, vc2StatusListPath, vc2StatusListUrl, vc2StatusEntryForPosition, parseVc2StatusEntry,
  buildVc2StatusListCredential, type Vc2StatusListKind, type Vc2StatusListCredentialJson,
} from './vc2-lists.js';
