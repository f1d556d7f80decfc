import type { TestResultRecord, VaccinationRecord } from '@healthcred/types';
import { InputReader, utcInstant } from '@healthcred/validation';
import { parseTestResultRecord, parseVaccinationRecord } from './parse-record.js';

/**
 * A request to certify one event, as the DHIS2 mapping makes it, as it travels on the `certify` topic and as it
 * arrives at the issue endpoint. Its content hash is not part of it: the issuer hashes the record it has itself
 * validated ({@link recordHash}), so no producer on the bus can make a corrected record look like a replay.
 */
export type CertificationRequest = (
  | { sourceKey: string; kind: 'vaccination'; record: VaccinationRecord }
  | { sourceKey: string; kind: 'test-result'; record: TestResultRecord }
) & {
  /** When the source last changed the record (`source.updatedAt`, e.g. DHIS2's): an older version is never certified over a newer one. */
  sourceUpdatedAt?: string;
  /** The DHIS2 org unit of the event (`source.orgUnit`), counted in the programme statistics. */
  orgUnit?: string;
  /**
   * When the credential expires (ISO 8601 UTC, seconds): a W3C VC API request's `expirationDate`, kept through a
   * re-issue. Default: none, as DHIS2's events have.
   */
  expiresAt?: string;
};

/**
 * Reads a certification request from untrusted JSON. Extra top-level fields (e.g. DHIS2 `source` details) are
 * ignored; the record itself is checked strictly.
 *
 * @throws HealthcredError `invalid_input` naming the field (`request.sourceKey`, `record.vaccination.dose`, ...).
 */
export function parseCertificationRequest(json: unknown): CertificationRequest {
  const r = InputReader.of(json, 'request');
  const sourceKey = r.field('sourceKey').string({
    maxLength: 300, pattern: { regex: /^[\w.:@/-]+$/, description: 'letters, digits and . : @ / - _ only' },
  });
  const kind = r.field('kind').oneOf(['vaccination', 'test-result'] as const);
  const record = r.field('record').value;
  const sourceUpdatedAt = r.field('source').optional((source) => source.field('updatedAt').optional((at) =>
    utcInstant(at.string({ maxLength: 40 })) ?? at.fail('must be a date-time such as 2021-06-02T10:41:07.331 (no zone: UTC)')));
  const orgUnit = r.field('source').optional((source) => source.field('orgUnit').optional((unit) => unit.string({
    maxLength: 50, pattern: { regex: /^[\w-]+$/, description: 'a DHIS2 org unit UID' },
  })));
  const dated = { ...(sourceUpdatedAt === undefined ? {} : { sourceUpdatedAt }), ...(orgUnit === undefined ? {} : { orgUnit }) };
  return kind === 'vaccination'
    ? { sourceKey, kind, record: parseVaccinationRecord(record), ...dated }
    : { sourceKey, kind, record: parseTestResultRecord(record), ...dated };
}
