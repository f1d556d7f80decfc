export { startStandInDhis2 } from './stand-in-dhis2.js';
export {
  COVAC, COVAC_FACILITIES, STAND_IN_TOKEN, covacOrgUnits, covacPopulation, covacProgram, completedDoses, dhis2Time, uidOf,
} from './covac-population.js';
export type { PopulationOptions } from './covac-population.js';
export { answerDataValueSet } from './data-value-sets.js';
export type { DataValueSetAnswer } from './data-value-sets.js';
export type {
  StandInDhis2, StandInOptions, StandInVersion, StandInCredentials, StandInFault, StandInRequest, StandInEvent,
  StandInTrackedEntity, StandInOrgUnit, StandInValue, ReceivedDataValueSet,
} from './stand-in-types.js';
export {
  mockVaccinationRecord, mockTestResultRecord, UNICODE_NAMES, incompressibleText, maximalVaccinationRecord,
} from './records.js';
export { ISSUER_URL, ISSUER_DID, FULL_FIELDS, mockIssuer, buildOptions, didKeyIssuer, legacyVaccinationCredential } from './issuer.js';
export { tempDir, corruptLeafPage } from './sqlite-files.js';
export { mockCertificate, mockDeadLetter } from './certificates.js';
export { issuerDocument, testDsc, startDidServer, serveJson, refusal } from './trust.js';
export type { DidServer } from './trust.js';
export {
  UID, NATIONAL_ID, FIRST_NAME, LAST_NAME, BIRTH_DATE, dataValues, attributeValues, doseValues, personValues,
  trackerEvent, legacyEvent, trackedEntity, trackedEntityInstance,
} from './dhis2-payloads.js';
export type { EventOptions } from './dhis2-payloads.js';
export { hasZbarimg, zbarimg } from './zbar.js';
export { exampleJson, defaultMappingJson } from './dhis2-files.js';
export {
  DIVOC_NAMESPACE, DIVOC_ISSUER, DIVOC_KEY_ID, DIVOC_TEST_NAMESPACE, divocTestKey, signWithDivoc, verifyWithDivoc,
  divocCertificate, divocTestCertificate, divocIssuer,
} from './divoc.js';
export type { DivocTestKey } from './divoc.js';
export {
  conformanceDir, divocConformanceDir, DIVOC_DATA_NOTICE, COWIN, COWIN_NAMESPACE, DIVOC_DEV, DIVOC_DEV_NAMESPACE, conformanceKey,
  conformanceIssuer, CONFORMANCE_CERTIFICATES, CONFORMANCE_NAMESPACES,
} from './divoc-conformance.js';
export type { ConformanceKey } from './divoc-conformance.js';
export { revocationServer } from './divoc-revocation-server.js';
export { divocAppVerify, countryKey, divocAppScan, divocAppVerdict } from './divoc-app.js';
export type { DivocAppSettings } from './divoc-app.js';
export { backfillUid, backfillTrackedEntity } from './dhis2-backfill.js';
export { until } from './until.js';
