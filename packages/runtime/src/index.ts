export { createLogger } from './logger.js';
export type { Logger } from './logger.js';
export { loadIssuerKeys, loadIssuer } from './issuer-keys.js';
export { openInfrastructure, openStore } from './infrastructure.js';
export type { Infrastructure } from './infrastructure.js';
export { reloadIssuer, followIssuerKeyFile, rotateIssuerKeyFile, revokeIssuerKeyFile } from './key-rotation.js';
