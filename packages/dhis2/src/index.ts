export { parseDhis2Mapping } from './parse-mapping.js';
export { loadDefaultDhis2Mapping } from './default-mapping.js';
export { parseDhis2Payload, dhis2PayloadOrgUnits } from './parse-payload.js';
export { parseOrgUnitExport } from './parse-org-units.js';
export { orgUnitFacilities, orgUnitAncestors } from './org-unit-facility.js';
export { dhis2PayloadKey } from './payload-key.js';
export { DHIS2_UID } from './mapping-types.js';
export type {
  Dhis2Mapping, DoseOption, OrgUnitLevels, RecipientFields, UidList, VaccinationFields, VaccineDefinition,
} from './mapping-types.js';
export type { Dhis2CertificationRequest, Dhis2PayloadResult, PayloadContext, SkippedEvent } from './parse-payload.js';
export type { EventSource, FacilityLookup } from './map-event.js';
