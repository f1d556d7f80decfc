export { createLogger } from './logger.js';
export type { Logger } from './logger.js';
export { configuredIssuer, loadIssuerKeys, loadIssuer, readConfiguredIssuerKeys } from './issuer-keys.js';
export { loadDivocIssuer, readConfiguredDivocEntry } from './divoc-issuer.js';
export { openInfrastructure, openStore } from './infrastructure.js';
export { prepareDataDir, restrictPermissions } from './data-dir.js';
export type { Infrastructure, OpenOptions } from './infrastructure.js';
export { followIssuerKeyFile, rotateIssuerKeyFile, revokeIssuerKeyFile } from './key-rotation.js';
export { loadTrustedIssuers } from './trusted-issuers.js';
export type { TrustedIssuers, TrustEntryState, LoadTrustedIssuersOptions } from './trusted-issuers.js';
export { loadConfiguredTrustList } from './configured-trust.js';
export type { ConfiguredTrustList } from './configured-trust.js';
export {
  readTrustListFile, writeTrustListFile, addTrustedIssuer, removeTrustedIssuer, auditTrustChange,
} from './trust-list-file.js';
export { openDhis2State } from './dhis2-state.js';
export type { Dhis2State } from './dhis2-state.js';
export { startConfiguredDhis2Sync, syncProgram } from './dhis2-sync.js';
export type { ConfiguredDhis2Sync, ConfiguredDhis2SyncOptions } from './dhis2-sync.js';
export { purgeExpired, startRetentionSweep } from './retention.js';
export { loadStatsMapping, pushProgrammeStats, readProgrammeReport, startStatsPush } from './programme-stats.js';
export type { StatsPush } from './programme-stats.js';
