import {
  buildDivocTestCredential, buildDivocVaccinationCredential, generateCertificateId, issueDivocCredential, type DivocCredential,
  type DivocIssuer,
} from '@healthcred/credentials';
import { encodeDivocQr } from '@healthcred/qr';
import type { NewCertificate } from '@healthcred/store';
import type { CertificationRequest } from '@healthcred/records';
import type { HealthRecord } from '@healthcred/types';

/** As long as the longest `jws` of DIVOC's suites (RSA-4096 PS256) and as incompressible. */
const JWS_LENGTH = 36 + 2 + 683;

/**
 * The DIVOC credential of `request` under the DIVOC profile: a vaccination certificate, or a test certificate when
 * the profile has a test namespace. Unsigned (`issueDivocCredential` signs it).
 * @throws HealthcredError `invalid_input` (field `kind`) for a test result under a profile without a test namespace.
 */
export function buildDivocCredential(
  request: HealthRecord, divoc: DivocIssuer, options: { certificateId: string; now: Date },
): DivocCredential {
  const build = { profile: divoc.profile, certificateId: options.certificateId, issuedAt: options.now.toISOString() };
  return request.kind === 'vaccination'
    ? buildDivocVaccinationCredential(request.record, build)
    : buildDivocTestCredential(request.record, build);
}

/** The size of the DIVOC profile's QR payload (DIVOC's own layout) that `request` would get, proof included. */
export function divocProfilePayloadBytes(request: CertificationRequest, divoc: DivocIssuer, now: Date): number {
  const credential = buildDivocCredential(request, divoc, { certificateId: generateCertificateId(), now });
  const proof = {
    type: divoc.signer.proofType, created: `${now.toISOString().slice(0, 19)}Z`, verificationMethod: divoc.signer.keyId,
    proofPurpose: 'assertionMethod', jws: 'x'.repeat(JWS_LENGTH),
  };
  return encodeDivocQr({ ...credential, proof }, { layout: 'divoc-utf8' }).length;
}

/**
 * Signs every request as a DIVOC credential with a fresh certificate id, ready to save: no status-list position (the
 * DIVOC form has no `credentialStatus`; revocation is the store's status, which DIVOC's revocation route answers).
 * Canonicalizes on this thread (no JSON-LD expansion) and signs the whole batch at once, so RSA signatures run on
 * libuv's thread pool, on every core.
 */
export async function signAllDivoc(
  requests: CertificationRequest[], hashes: string[], deps: { divoc: DivocIssuer; newCertificateId?: () => string }, now: Date,
): Promise<NewCertificate[]> {
  const credentials = requests.map((request) => {
    const certificateId = (deps.newCertificateId ?? generateCertificateId)();
    return { certificateId, credential: buildDivocCredential(request, deps.divoc, { certificateId, now }) };
  });
  const proofed = await Promise.all(credentials.map(({ credential }) => issueDivocCredential({ credential, issuer: deps.divoc, now })));
  return proofed.map((signed, i) => {
    const request = requests[i]!;
    return {
      certificateId: credentials[i]!.certificateId, credentialId: signed.evidence[0].id, kind: request.kind,
      sourceKey: request.sourceKey, contentHash: hashes[i]!, subjectId: signed.credentialSubject.id,
      dob: request.record.recipient.dob, issuedAt: signed.issuanceDate, credential: signed,
      ...(request.sourceUpdatedAt === undefined ? {} : { sourceUpdatedAt: request.sourceUpdatedAt }),
    };
  });
}
