export { parseDhis2Mapping } from './parse-mapping.js';
export { loadDefaultDhis2Mapping } from './default-mapping.js';
export { parseDhis2Payload } from './parse-payload.js';
export { dhis2PayloadKey } from './payload-key.js';
export { DHIS2_UID } from './mapping-types.js';
export type {
  Dhis2Mapping, DoseOption, RecipientFields, UidList, VaccinationFields, VaccineDefinition,
} from './mapping-types.js';
export type { CertificationRequest, Dhis2PayloadResult, SkippedEvent } from './parse-payload.js';
export type { EventSource } from './map-event.js';
