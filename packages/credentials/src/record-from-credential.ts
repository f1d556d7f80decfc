import { HealthcredError } from '@healthcred/errors';
import type { HealthRecord } from '@healthcred/types';
import { parseTestResultRecord, parseVaccinationRecord } from '@healthcred/records';

type JsonRecord = Record<string, unknown>;

function objectAt(value: unknown, field: string): JsonRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HealthcredError('invalid_input', `${field}: must be an object.`, { field });
  }
  return value as JsonRecord;
}

/** The one evidence entry of a healthcred credential. */
function onlyEvidence(credential: JsonRecord): JsonRecord {
  const { evidence } = credential;
  if (!Array.isArray(evidence) || evidence.length !== 1) {
    throw new HealthcredError('invalid_input', 'credential.evidence: must hold exactly one entry.', { field: 'credential.evidence' });
  }
  return objectAt(evidence[0], 'credential.evidence[0]');
}

/** The record's parts common to both kinds; `event` is what is left of the evidence (the vaccination or test). */
function recordParts(credential: JsonRecord, refId: string | undefined) {
  const { id: _subjectId, type: _subjectType, ...subject } = objectAt(credential.credentialSubject, 'credential.credentialSubject');
  const recipient = subject.refId === undefined && refId !== undefined ? { refId, ...subject } : subject;
  const {
    id: _id, type: _type, certificateId: _certificateId, infoUrl: _infoUrl, feedbackUrl: _feedbackUrl,
    verifier, facility, ...event
  } = onlyEvidence(credential);
  return { recipient, facility, event, ...(verifier === undefined ? {} : { verifier }) };
}

/** A credential's `expirationDate` as the builders write it (UTC, seconds), when it has one. */
function expiryOf(credential: JsonRecord): { expiresAt?: string } {
  const { expirationDate } = credential;
  if (expirationDate === undefined) return {};
  const time = typeof expirationDate === 'string' ? Date.parse(expirationDate) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new HealthcredError('invalid_input', 'credential.expirationDate: must be an ISO 8601 date-time.', { field: 'credential.expirationDate' });
  }
  return { expiresAt: `${new Date(time).toISOString().slice(0, 19)}Z` };
}

/**
 * Reads the record a healthcred credential was built from: the inverse of `buildVaccinationCredential` and
 * `buildTestResultCredential`. Building again from the returned record with the credential's certificate id, issuer,
 * dates, links and status entry gives the same unsigned credential. The proof, if any, is ignored (verify first). Its
 * `expirationDate`, if any, comes back as `expiresAt` (UTC, seconds), for the builders' option of that name.
 *
 * What the builders do not keep cannot come back: a record's `dobEstimated`, the original time zone of a date-time
 * (dates come back as UTC date-times), and the optional fields the issuer's credentials left out (a minimal
 * credential has no `refId`, address, age, ...). Name parts and their Latin forms come back from the credentials that
 * carry them (context v2). A vaccination's `effectiveStart` is always present, since the builder defaults it.
 *
 * @param credential - A (signed or unsigned) `ProofOfVaccinationCredential` or `ProofOfTestCertificateCredential`.
 * @param options.refId - The record's `refId` when the credential has none (a minimal credential): a record needs
 *   one. Without it, such a credential is refused (`record.recipient.refId`).
 * @throws HealthcredError `invalid_input` naming the field when the credential is of another type or not shaped as
 *   the builders make it, or when the record read from it is invalid (`record.vaccination.dose`, ...).
 */
export function recordFromCredential(credential: unknown, options: { refId?: string } = {}): HealthRecord & { expiresAt?: string } {
  const json = objectAt(credential, 'credential');
  const types: unknown[] = Array.isArray(json.type) ? json.type : [];
  const isVaccination = types.includes('ProofOfVaccinationCredential');
  if (!isVaccination && !types.includes('ProofOfTestCertificateCredential')) {
    throw new HealthcredError('invalid_input',
      'credential.type: must include ProofOfVaccinationCredential or ProofOfTestCertificateCredential.', { field: 'credential.type' });
  }
  const { event, ...parts } = recordParts(json, options.refId);
  const expiry = expiryOf(json);
  return isVaccination
    ? { kind: 'vaccination', record: parseVaccinationRecord({ ...parts, vaccination: event }), ...expiry }
    : { kind: 'test-result', record: parseTestResultRecord({ ...parts, test: event }), ...expiry };
}
