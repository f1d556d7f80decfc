import { createHash } from 'node:crypto';
import { HealthcredError } from '@healthcred/errors';
import { utcInstant } from '@healthcred/validation';
import { normalizeProgrammeFacts } from './privacy-checks.js';
import { CERTIFICATE_STATUSES } from './certificate-types.js';
import type { AttemptWindow } from './attempt-counter.js';
import type { NewAuditEntry } from './audit-log.js';
import type { CertificateStatus, NewCertificate, SigningKeyQuery } from './certificate-types.js';
import type { DeadLetter, NewDeadLetter } from './dead-letters.js';
import type { StatusPositionQuery } from './status-positions.js';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DEAD_LETTER_STATUSES: readonly DeadLetter['status'][] = ['open', 'redriven', 'discarded'];

function requireText(value: unknown, field: string): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(`"${field}" must be a non-empty string.`);
  }
}

function requireIsoTime(value: unknown, field: string): void {
  requireText(value, field);
  if (Number.isNaN(Date.parse(value as string))) {
    throw new TypeError(`"${field}" must be an ISO 8601 time.`);
  }
}

/** Throws a TypeError naming the first missing or malformed field of a certificate to save. */
export function assertNewCertificate(certificate: NewCertificate): void {
  if (typeof certificate !== 'object' || certificate === null) {
    throw new TypeError('"certificate" must be an object.');
  }
  for (const field of ['certificateId', 'credentialId', 'sourceKey', 'contentHash', 'subjectId'] as const) {
    requireText(certificate[field], field);
  }
  if (certificate.kind !== 'vaccination' && certificate.kind !== 'test-result') {
    throw new TypeError('"kind" must be "vaccination" or "test-result".');
  }
  if (typeof certificate.dob !== 'string' || !DATE.test(certificate.dob)) {
    throw new TypeError('"dob" must be a date YYYY-MM-DD.');
  }
  requireIsoTime(certificate.issuedAt, 'issuedAt');
  if (typeof certificate.credential !== 'object' || certificate.credential === null) {
    throw new TypeError('"credential" must be an object.');
  }
  const index = certificate.statusListIndex;
  if (index !== undefined && (!Number.isSafeInteger(index) || index < 0)) {
    throw new TypeError('"statusListIndex" must be a non-negative integer.');
  }
  if (certificate.programme !== undefined) normalizeProgrammeFacts(certificate.programme);
  if (certificate.sourceUpdatedAt !== undefined && (typeof certificate.sourceUpdatedAt !== 'string' || utcInstant(certificate.sourceUpdatedAt) === undefined)) {
    throw new TypeError('"sourceUpdatedAt" must be an ISO 8601 time.');
  }
}

/** Throws a TypeError unless `sourceKeys` is an array of strings. */
export function assertSourceKeys(sourceKeys: readonly string[]): void {
  if (!Array.isArray(sourceKeys) || !sourceKeys.every((key) => typeof key === 'string')) {
    throw new TypeError('"sourceKeys" must be an array of strings.');
  }
}

/** Throws a TypeError unless `status` is a certificate status and `reason` is non-empty text. */
export function assertStatusChange(status: CertificateStatus, reason: string): void {
  if (!CERTIFICATE_STATUSES.includes(status)) {
    throw new TypeError(`"status" must be one of ${CERTIFICATE_STATUSES.join(', ')}.`);
  }
  requireText(reason, 'reason');
}

/** Throws a TypeError naming the first missing or malformed field of a dead letter. */
export function assertNewDeadLetter(entry: NewDeadLetter): void {
  requireText(entry.topic, 'topic');
  if (entry.key !== undefined && typeof entry.key !== 'string') {
    throw new TypeError('"key" must be a string when present.');
  }
  if (typeof entry.payload !== 'string') {
    throw new TypeError('"payload" must be a string.');
  }
  requireText(entry.code, 'code');
  requireText(entry.reason, 'reason');
  if (!Number.isSafeInteger(entry.attempts) || entry.attempts < 0) {
    throw new TypeError('"attempts" must be a non-negative integer.');
  }
  requireIsoTime(entry.at, 'at');
}

const MAX_RESERVATION = 100_000;
const MAX_STATUS_RANGE = 1_048_576;

/** Throws a TypeError unless `count` is a reservable number of status positions (0 only peeks). */
export function assertReservation(count: number): void {
  if (!Number.isSafeInteger(count) || count < 0 || count > MAX_RESERVATION) {
    throw new TypeError(`"count" must be an integer from 0 to ${MAX_RESERVATION}.`);
  }
}

/** Throws a TypeError naming what is wrong with a status-position query. */
export function assertStatusQuery(query: StatusPositionQuery): void {
  const { from, to } = query;
  if (!Number.isSafeInteger(from) || from < 0) throw new TypeError('"from" must be a non-negative integer.');
  if (!Number.isSafeInteger(to) || to < from || to - from > MAX_STATUS_RANGE) {
    throw new TypeError(`"to" must be an integer from "from" to "from" + ${MAX_STATUS_RANGE}.`);
  }
  if (!Array.isArray(query.statuses) || query.statuses.some((status) => !CERTIFICATE_STATUSES.includes(status))) {
    throw new TypeError(`"statuses" must list some of ${CERTIFICATE_STATUSES.join(', ')}.`);
  }
}

/** Throws a TypeError naming what is wrong with a signing-key query (the page size is checked by {@link pageSize}). */
export function assertSigningKeyQuery(query: Omit<SigningKeyQuery, 'limit'>): void {
  if (typeof query !== 'object' || query === null) throw new TypeError('"query" must be an object.');
  requireText(query.verificationMethod, 'verificationMethod');
  if (query.status !== undefined && !CERTIFICATE_STATUSES.includes(query.status)) {
    throw new TypeError(`"status" must be one of ${CERTIFICATE_STATUSES.join(', ')}.`);
  }
  if (query.after !== undefined && typeof query.after !== 'string') throw new TypeError('"after" must be a certificateId.');
}

/** Throws a TypeError unless the attempt window names a key and a window. */
export function assertAttemptWindow(attempt: AttemptWindow): void {
  requireText(attempt.key, 'key');
  requireText(attempt.window, 'window');
}

/** Throws a TypeError naming the first missing or malformed field of an audit entry. */
export function assertNewAuditEntry(entry: NewAuditEntry): void {
  requireIsoTime(entry.at, 'at');
  for (const field of ['actor', 'action', 'target', 'reason'] as const) requireText(entry[field], field);
  if (entry.details !== undefined && (typeof entry.details !== 'object' || entry.details === null
    || Object.values(entry.details).some((value) => typeof value !== 'string'))) {
    throw new TypeError('"details" must map names to strings.');
  }
}

/** Throws a TypeError unless `status` is a dead-letter status. */
export function assertDeadLetterStatus(status: DeadLetter['status']): void {
  if (!DEAD_LETTER_STATUSES.includes(status)) {
    throw new TypeError(`"status" must be one of ${DEAD_LETTER_STATUSES.join(', ')}.`);
  }
}

/** The page size to use: `limit` when it is an integer in 1..1000, 100 when absent. */
export function pageSize(limit: number | undefined): number {
  if (limit === undefined) {
    return DEFAULT_LIMIT;
  }
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new TypeError(`"limit" must be an integer from 1 to ${MAX_LIMIT}.`);
  }
  return limit;
}

/** Stable id of a dead letter: sha256 of topic, key and payload, so re-failures land on the same entry. */
export function deadLetterId(entry: Pick<NewDeadLetter, 'topic' | 'key' | 'payload'>): string {
  return createHash('sha256').update(JSON.stringify([entry.topic, entry.key ?? null, entry.payload])).digest('hex');
}

/** What saving `incoming` must do given the current certificate of its source key. */
export function decideSave(
  current: { contentHash: string; sourceUpdatedAt?: string } | undefined,
  incoming: { contentHash: string; sourceUpdatedAt?: string },
): 'insert' | 'duplicate' | 'supersede' | 'stale' {
  if (current === undefined) {
    return 'insert';
  }
  if (current.contentHash === incoming.contentHash) return 'duplicate';
  // Only a source that dates both versions can say one is outdated; otherwise the later delivery wins. Compared as
  // UTC instants (a time without zone read as UTC), so the answer does not depend on this machine's time zone.
  const before = current.sourceUpdatedAt === undefined ? undefined : utcInstant(current.sourceUpdatedAt);
  const after = incoming.sourceUpdatedAt === undefined ? undefined : utcInstant(incoming.sourceUpdatedAt);
  return before !== undefined && after !== undefined && after < before ? 'stale' : 'supersede';
}

/** The status reason written on a certificate replaced by a correction. */
export function supersededReason(certificateId: string): string {
  return `superseded by ${certificateId}`;
}

/** Throws unless `previous` may be replaced by a re-issue of `incoming` (the same source, still current). */
export function assertReissue(previous: { sourceKey: string; supersededBy?: string; erasedAt?: string } | undefined, incoming: NewCertificate, reason: string): void {
  requireText(reason, 'reason');
  if (previous === undefined) {
    throw new HealthcredError('not_found', 'No certificate has this certificateId.', { field: 'certificateId' });
  }
  if (previous.erasedAt !== undefined) {
    throw new HealthcredError('conflict', 'An erased certificate cannot be re-issued.', { field: 'certificateId' });
  }
  if (previous.supersededBy !== undefined || previous.sourceKey !== incoming.sourceKey) {
    throw new HealthcredError('conflict', 'Only the current certificate of a source can be re-issued, under the same source key.');
  }
}
