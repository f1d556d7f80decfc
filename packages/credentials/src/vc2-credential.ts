import {
  contextUrl, TEST_RESULT_CONTEXT_V3_PATH, VACCINATION_CONTEXT_V3_PATH, VC_V2_CONTEXT,
} from '@healthcred/document-loader';
import type { HealthCredential, StatusListCredential } from '@healthcred/types';

/**
 * A credential of the VC Data Model 2.0 form (the `vc2` credential profile): `validFrom` and `validUntil` where the
 * VC 1.1 form has `issuanceDate` and `expirationDate`, under `["https://www.w3.org/ns/credentials/v2", <context>]`.
 * @see https://www.w3.org/TR/vc-data-model-2.0/#validity-period
 */
export type Vc2<C extends { issuanceDate: string; expirationDate?: string }> =
  Omit<C, 'issuanceDate' | 'expirationDate'> & { validFrom: string; validUntil?: string };

/** A health credential of the VC 2.0 form. */
export type Vc2HealthCredential = Vc2<HealthCredential>;

/** A Bitstring Status List credential of the VC 2.0 form (`@context` the VC 2.0 context alone). */
export type Vc2StatusListCredential = Vc2<StatusListCredential>;

/** A `DataIntegrityProof` with the `eddsa-rdfc-2022` cryptosuite, for `assertionMethod`. */
export interface DataIntegrityProof {
  type: 'DataIntegrityProof';
  created: string;
  verificationMethod: string;
  cryptosuite: 'eddsa-rdfc-2022';
  proofPurpose: 'assertionMethod';
  /** Multibase (base58btc, `z` prefix) of the 64-byte Ed25519 signature. */
  proofValue: string;
}

/** A VC 2.0 credential with its Data Integrity proof. */
export type Vc2Signed<C> = C & { proof: DataIntegrityProof };

/** Whether a credential (signed or not) is of the VC 2.0 form: its first context is the VC 2.0 context. */
export function isVc2(credential: unknown): boolean {
  const context = (credential as { '@context'?: unknown } | null)?.['@context'];
  return Array.isArray(context) && context[0] === VC_V2_CONTEXT;
}

/** The path of the context a VC 2.0 credential of each kind names (v3), under the issuer's base URL. */
export const V3_PATHS: Readonly<Record<HealthCredential['type'][1], string>> = {
  ProofOfVaccinationCredential: VACCINATION_CONTEXT_V3_PATH,
  ProofOfTestCertificateCredential: TEST_RESULT_CONTEXT_V3_PATH,
};

/**
 * The VC 2.0 form of a health credential the builders made: the VC 2.0 context and v3 of the kind's context (v2's
 * terms without `BitstringStatusListEntry`, which the VC 2.0 context defines and protects), `validFrom` for
 * `issuanceDate` and `validUntil` for `expirationDate`, in their places; every other member as it is. The status
 * entries must already point at the VC 2.0 lists (`vc2StatusEntryForPosition`).
 */
export function toVc2Credential<C extends HealthCredential>(credential: C, issuerUrl: string): Vc2<C> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(credential)) {
    if (key === '@context') result[key] = [VC_V2_CONTEXT, contextUrl(issuerUrl, V3_PATHS[credential.type[1]])];
    else if (key === 'issuanceDate') result.validFrom = value;
    else if (key === 'expirationDate') result.validUntil = value;
    else result[key] = value;
  }
  return result as Vc2<C>;
}
