export { parseVaccinationRecord, parseTestResultRecord, parseHealthRecord, dropUndefined } from './parse-record.js';
export type { ParseRecordOptions } from './parse-record.js';
export { NAME_PART_FIELDS } from './read-name-parts.js';
export { canonicalJson, recordHash } from './record-hash.js';
export { parseCertificationRequest } from './certification-request.js';
export type { CertificationRequest } from './certification-request.js';
