export {
  STATUS_LIST_SIZE, STATUS_LIST_KINDS, statusEntry, statusEntryForPosition, statusListFormatOf, statusListPath,
  statusListRange, statusListUrl, statusPurposeOf, parseStatusEntry, type ParsedStatusEntry, type StatusListFormat,
  type StatusListKind,
} from './positions.js';
export { encodeStatusList, encodeStatusList2021, decodeStatusList, decodeStatusList2021, isStatusSet } from './bitstring.js';
export { buildStatusListCredential, encodeStatusListFor, type StatusListCredentialOptions } from './status-list-credential.js';
export {
  VC2_STATUS_LIST_KINDS, vc2StatusListPath, vc2StatusListUrl, vc2StatusEntryForPosition, parseVc2StatusEntry,
  buildVc2StatusListCredential, type Vc2StatusListKind, type Vc2StatusListCredentialJson,
} from './vc2-lists.js';
