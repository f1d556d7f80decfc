export { loadConfig, ISSUER_GROUPS } from './config.js';
export type { ApiConfig, Config, Tier, Topics } from './config.js';
export type { DccConfig } from './dcc-config.js';
export type { Dhis2Auth, Dhis2SyncConfig } from './dhis2-sync-config.js';
export type { Authority } from './trust-config.js';
export type { WorkerPoolLimits, WorkLimits } from './work-config.js';
export { OPTIONAL_CREDENTIAL_FIELDS } from './privacy-config.js';
export type { RetentionConfig, StatsConfig } from './privacy-config.js';
export type { CredentialProfileName, DivocIssuingConfig } from './profile-config.js';
