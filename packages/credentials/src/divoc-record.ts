import { HealthcredError } from '@healthcred/errors';
import type { HealthRecord } from '@healthcred/types';
import { parseTestResultRecord, parseVaccinationRecord } from '@healthcred/records';

type JsonRecord = Record<string, unknown>;

const DIVOC_PROOF_TYPES: readonly unknown[] = ['RsaSignature2018', 'Ed25519Signature2018'];

/** Whether a credential is of the DIVOC profile: signed with one of DIVOC's suites. */
export function isDivocCredential(credential: unknown): boolean {
  const proof = (credential as { proof?: { type?: unknown } } | null)?.proof;
  return DIVOC_PROOF_TYPES.includes(proof?.type);
}

function object(value: unknown, field: string): JsonRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HealthcredError('invalid_input', `${field}: must be an object.`, { field });
  }
  return value as JsonRecord;
}

/** DIVOC writes `""` for what it does not know; the record leaves it out. */
function known(value: unknown): unknown {
  return value === '' ? undefined : value;
}

function address(value: unknown, field: string): JsonRecord | undefined {
  const parts = Object.entries(object(value, field)).filter(([, part]) => part !== '');
  return parts.length === 0 ? undefined : Object.fromEntries(parts);
}

function verifierOf(evidence: JsonRecord): { verifier?: unknown } {
  const name = known(object(evidence.verifier, 'credential.evidence[0].verifier').name);
  return name === undefined ? {} : { verifier: evidence.verifier };
}

/**
 * Reads the record a DIVOC credential of this profile was built from: the inverse of
 * `buildDivocVaccinationCredential` and `buildDivocTestCredential`, so that building again with the same profile,
 * certificate id and issuance time gives the same credential. DIVOC's vaccination context v1 keeps no birth date:
 * `options.dob` (the store's) gives it. The proof, if any, is ignored (verify first).
 *
 * @throws HealthcredError `invalid_input` naming the field when the credential is not shaped as the builders make it,
 *   or when the record read from it is invalid.
 */
export function recordFromDivocCredential(credential: unknown, options: { dob: string }): HealthRecord {
  const json = object(credential, 'credential');
  const evidence = Array.isArray(json.evidence) && json.evidence.length === 1 ? object(json.evidence[0], 'credential.evidence[0]') : undefined;
  if (evidence === undefined) {
    throw new HealthcredError('invalid_input', 'credential.evidence: must hold exactly one entry.', { field: 'credential.evidence' });
  }
  const subject = object(json.credentialSubject, 'credential.credentialSubject');
  const facility = object(evidence.facility, 'credential.evidence[0].facility');
  const age = known(subject.age);
  const recipient = {
    refId: subject.refId, name: subject.name, dob: subject.dob ?? options.dob, gender: known(subject.gender),
    age: typeof age === 'string' && /^\d{1,3}$/.test(age) ? Number(age) : age, nationality: known(subject.nationality),
    address: address(subject.address, 'credential.credentialSubject.address'),
  };
  const place = { facility: { name: facility.name, address: address(facility.address, 'credential.evidence[0].facility.address') }, ...verifierOf(evidence) };
  if (Array.isArray(json.type) && json.type.includes('ProofOfTestCertificateCredential')) {
    return {
      kind: 'test-result',
      record: parseTestResultRecord({
        recipient, ...place,
        test: {
          disease: evidence.disease, testType: evidence.testType, testName: known(evidence.testName),
          manufacturer: known(evidence.manufacturer), batch: known(evidence.batch), sampleOrigin: known(evidence.sampleOrigin),
          sampleCollectionTimestamp: evidence.sampleCollectionTimestamp, resultTimestamp: known(evidence.resultTimestamp),
          result: evidence.result,
        },
      }),
    };
  }
  return {
    kind: 'vaccination',
    record: parseVaccinationRecord({
      recipient, ...place,
      vaccination: {
        vaccine: evidence.vaccine, manufacturer: evidence.manufacturer, batch: evidence.batch, date: evidence.date,
        dose: evidence.dose, totalDoses: evidence.totalDoses, icd11Code: known(evidence.icd11Code),
        prophylaxis: known(evidence.prophylaxis), effectiveStart: evidence.effectiveStart, effectiveUntil: known(evidence.effectiveUntil),
      },
    }),
  };
}
