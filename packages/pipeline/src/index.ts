export { runIssuer, runIssuerUntilSignal, loadMapping } from './start.js';
export type { RunningIssuer } from './start.js';
export { startIssuerService, ISSUER_GROUPS } from './service.js';
export type { IssuerService, IssuerServiceDeps } from './service.js';
export { handleCertifyBatch, handleCertifyMessage, handleDhis2Batch, handleDhis2Message } from './handlers.js';
export type { IssuerDeps } from './handlers.js';
export type { Ack, AckStatus, CertifiedMessage, DeadLetterMessage } from './messages.js';
export { backoffDelay } from '@healthcred/errors';
