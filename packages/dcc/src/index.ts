export { buildDccPayload, type BuildDccPayloadOptions } from './build-payload.js';
export {
  DCC_SCHEMA_VERSION, type DccName, type DccPayload, type DccTestEntry, type DccVaccinationEntry,
} from './dcc-types.js';
export { transliterateIcao, MAX_NAME_LENGTH, type TransliterateOptions } from './transliterate.js';
export { buildUvci, isValidUvci, uvciCheckCharacter, type BuildUvciOptions } from './uvci.js';
export {
  parseDccValueSets, type DccValueSets, type DiseaseMapping, type TestDeviceMapping, type TestTypeMapping,
  type VaccineMapping,
} from './value-sets.js';
export { loadDefaultDccValueSets } from './load-value-sets.js';
export { issueDcc, type IssueDccOptions, type IssuedDcc } from './issue.js';
export { decodeHc1, encodeHc1, HC1_PREFIX, MAX_HC1_LENGTH, MAX_INFLATED_BYTES, type DecodedHc1 } from './hc1.js';
export { reportHc1Verification, HC1_CHECKS, type Hc1Check, type Hc1Report } from './hc1-report.js';
export { verifyHc1, type Hc1Verification, type VerifyHc1Options } from './verify.js';
export type { Hc1Error, Hc1ErrorCode } from './hc1-error.js';
export { COSE_ALGORITHMS, type CoseSign1, type DccAlgorithm } from './cose.js';
export type { DccClaims } from './cwt.js';
export { dscKid, loadDsc, type DccSigner, type LoadDscOptions } from './dsc.js';
export { DCC_EXTENDED_KEY_USAGE, DCC_LEGACY_EXTENDED_KEY_USAGE, type DccCertificateType } from './key-usage.js';
export { createDccTestPki, type CreateDccTestPkiOptions, type DccTestPki, type PemKeyPair } from './test-pki.js';
export { buildTrustList, parseTrustList, type TrustList, type TrustListEntry } from './trust-list.js';
export { renderDccQrPng, renderDccQrSvg, dccQrInfo, type DccQrInfo, type DccQrRenderOptions } from './render.js';
export { buildDdccVsBundle, type BuildDdccVsBundleOptions, type FhirBundle, type FhirResource } from './ddcc-vs.js';
