export { parseCertificationRequest } from './certification-request.js';
export type { CertificationRequest } from './certification-request.js';
export { issueCertificate, issueCertificates } from './issue-certificate.js';
export type { IssuanceDeps } from './issue-certificate.js';
export { createSigningPool } from './signing-pool.js';
export type { SigningPool } from './signing-pool.js';
export { reissueCertificate } from './reissue-certificate.js';
