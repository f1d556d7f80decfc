import { HealthcredError, isHealthcredError } from '@healthcred/errors';
import { parseVaccinationRecord } from '@healthcred/records';
import { utcInstant, type InputReader } from '@healthcred/validation';
import type { Facility, VaccinationRecord } from '@healthcred/types';
import type { Dhis2Mapping, UidList, VaccineDefinition } from './mapping-types.js';
import { mapRecipient } from './map-recipient.js';
import { PAYLOAD_UID, readFirstDate, readValueList, type RawEvent, type RawTrackedEntity } from './payload-shapes.js';
import { normalizeText } from './reader-helpers.js';
import { ValueSource } from './value-source.js';

/** Where a mapped event came from, as a `Dhis2CertificationRequest` reports it. */
export interface EventSource {
  system: 'dhis2';
  trackedEntity: string;
  event: string;
  program?: string;
  programStage?: string;
  orgUnit: string;
  updatedAt?: string;
}

/** The outcome for one event: a record to certify, or the reason it is not certified. */
export type EventOutcome =
  | { kind: 'record'; record: VaccinationRecord; source: EventSource }
  | { kind: 'skipped'; event: string; reason: string };

interface EventHeader {
  uid: string;
  status: string;
  programStage: string;
  program?: string;
  deleted: boolean;
}

function readHeader(r: InputReader, raw: RawEvent): EventHeader {
  const program = r.field('program').optional((f) => f.string(PAYLOAD_UID)) ?? raw.enrollmentProgram;
  const header: EventHeader = {
    uid: r.field('event').string(PAYLOAD_UID),
    status: r.field('status').string({ maxLength: 30, pattern: { regex: /^[A-Za-z_]+$/, description: 'an event status' } })
      .toUpperCase(),
    programStage: r.field('programStage').string(PAYLOAD_UID),
    deleted: r.field('deleted').optional((f) => f.boolean()) ?? false,
  };
  if (program !== undefined) header.program = program;
  return header;
}

function skipReason(header: EventHeader, mapping: Dhis2Mapping): string | undefined {
  if (header.deleted) return 'the event is deleted in DHIS2';
  if (header.program !== undefined && mapping.programs.length > 0 && !mapping.programs.includes(header.program)) {
    return `program ${header.program} is not a configured vaccination program`;
  }
  if (!mapping.vaccinationStages.includes(header.programStage)) {
    return `program stage ${header.programStage} is not a configured vaccination stage`;
  }
  if (header.status !== 'COMPLETED') return `status ${header.status} is not COMPLETED`;
  return undefined;
}

/** The date of the event as `YYYY-MM-DD` (DHIS2 sends midnight local time without a zone). */
function readEventDate(r: InputReader): string {
  return readFirstDate([r.field('occurredAt'), r.field('eventDate')]) ?? r.field('occurredAt').fail('is required');
}

function expected(codes: Iterable<string>): string {
  return `(expected one of: ${[...codes].join(', ')})`;
}

function findVaccine(values: ValueSource, uids: UidList, mapping: Dhis2Mapping): VaccineDefinition {
  const { uid, value } = values.require(uids, 'vaccine');
  const code = value.toUpperCase();
  const vaccine = mapping.vaccines.find((candidate) => candidate.codes.includes(code));
  if (!vaccine) values.fail(uid, 'vaccine', `is not a configured vaccine option ${expected(mapping.vaccines.flatMap((v) => v.codes))}`);
  return vaccine;
}

function readManufacturer(values: ValueSource, mapping: Dhis2Mapping, vaccine: VaccineDefinition): string {
  const found = values.find(mapping.vaccination.manufacturer);
  if (!found) {
    if (vaccine.manufacturer !== undefined) return vaccine.manufacturer;
    return values.require(mapping.vaccination.manufacturer, 'manufacturer').value;
  }
  const options = mapping.manufacturerOptions;
  if (Object.keys(options).length === 0) return normalizeText(found.value);
  const name = options[found.value.toUpperCase()];
  if (name === undefined) values.fail(found.uid, 'manufacturer', `is not a manufacturer option ${expected(Object.keys(options))}`);
  return name;
}

function readDose(values: ValueSource, mapping: Dhis2Mapping, vaccine: VaccineDefinition): { dose: number; totalDoses: number } {
  const { uid, value } = values.require(mapping.vaccination.doseNumber, 'dose number');
  const option = mapping.doseOptions[value.toUpperCase()] ??
    (mapping.acceptNumericDose && /^\d{1,2}$/.test(value) && Number(value) >= 1 ? { dose: Number(value) } : undefined);
  if (!option) values.fail(uid, 'dose number', `is not a dose option ${expected(Object.keys(mapping.doseOptions))}`);
  const total = values.find(mapping.vaccination.totalDoses);
  let primary = vaccine.totalDoses;
  if (total) {
    if (!/^\d{1,2}$/.test(total.value) || Number(total.value) < 1) {
      values.fail(total.uid, 'total doses', 'must be a whole number from 1 to 99');
    }
    primary = Number(total.value);
  }
  if (primary === undefined) return values.fail(mapping.vaccination.totalDoses[0] ?? uid, 'total doses', 'is required');
  if ('booster' in option) return { dose: primary + option.booster, totalDoses: primary + option.booster };
  return { dose: option.dose, totalDoses: Math.max(primary, option.dose) };
}

/** Facilities of org units known from DHIS2's metadata (the org unit directory), by org unit UID. */
export type FacilityLookup = ReadonlyMap<string, Facility>;

function readFacility(r: InputReader, mapping: Dhis2Mapping, facilities: FacilityLookup):
  { orgUnit: string; facility: Facility } {
  const orgUnit = r.field('orgUnit').string(PAYLOAD_UID);
  const configured = mapping.orgUnits[orgUnit] ?? facilities.get(orgUnit);
  if (configured) return { orgUnit, facility: configured };
  const name = r.field('orgUnitName').optional((f) => f.string({ maxLength: 200 })) ??
    r.field('orgUnit').fail(`org unit ${orgUnit} is not in the org unit directory (import DHIS2's organisationUnits ` +
      'export with "healthcred dhis2 org-units import", or sync from DHIS2) nor in the mapping, and the event has no orgUnitName');
  return { orgUnit, facility: { name: normalizeText(name), address: { addressCountry: mapping.country } } };
}

function buildRecord(r: InputReader, header: EventHeader, entity: RawTrackedEntity, mapping: Dhis2Mapping,
  facilities: FacilityLookup): { record: VaccinationRecord; orgUnit: string } {
  const dataValues = new Map<string, string>();
  readValueList(r.field('dataValues'), 'dataElement', dataValues);
  const values = new ValueSource(dataValues, 'dataElement', `event ${header.uid}`, r.path);
  const date = readEventDate(r);
  const vaccine = findVaccine(values, mapping.vaccination.vaccine, mapping);
  const { orgUnit, facility } = readFacility(r, mapping, facilities);
  const vaccinator = values.find(mapping.vaccination.vaccinator);
  const record: VaccinationRecord = {
    recipient: mapRecipient(entity, mapping, date),
    vaccination: {
      vaccine: vaccine.name,
      manufacturer: readManufacturer(values, mapping, vaccine),
      batch: normalizeText(values.require(mapping.vaccination.batch, 'batch').value),
      date,
      ...readDose(values, mapping, vaccine),
      ...(vaccine.icd11Code === undefined ? {} : { icd11Code: vaccine.icd11Code }),
      ...(vaccine.prophylaxis === undefined ? {} : { prophylaxis: vaccine.prophylaxis }),
    },
    facility,
  };
  if (vaccinator) record.verifier = { name: normalizeText(vaccinator.value) };
  return { record, orgUnit };
}

/** Checks the mapped record against the record rules, reporting failures against the DHIS2 event. */
function checkRecord(record: VaccinationRecord, header: EventHeader, path: string): VaccinationRecord {
  try {
    return parseVaccinationRecord(record);
  } catch (error) {
    if (!isHealthcredError(error)) throw error;
    throw new HealthcredError('invalid_input', `event ${header.uid}: the mapped ${error.message}`,
      { field: path, cause: error });
  }
}

/**
 * Maps one DHIS2 event of a tracked entity to a vaccination record, or says why it is not certified (not a
 * vaccination stage, not COMPLETED, deleted, another program).
 *
 * The facility is the mapping's entry for the event's org unit, else the directory's (`facilities`), else the
 * event's `orgUnitName` with the mapping's country.
 *
 * @throws HealthcredError `invalid_input` when the event is malformed, or is a completed vaccination event that
 *   cannot be mapped; the message names the event, the field and the DHIS2 UID, never the value.
 */
export function mapVaccinationEvent(raw: RawEvent, entity: RawTrackedEntity, mapping: Dhis2Mapping,
  facilities: FacilityLookup = new Map()): EventOutcome {
  const r = raw.reader;
  const header = readHeader(r, raw);
  const reason = skipReason(header, mapping);
  if (reason !== undefined) return { kind: 'skipped', event: header.uid, reason };
  const { record, orgUnit } = buildRecord(r, header, entity, mapping, facilities);
  // A time the issuer cannot read is left out rather than failing the event: it only orders versions of it.
  const updatedAt = (r.field('updatedAt').isMissing ? r.field('lastUpdated') : r.field('updatedAt')).value;
  const comparable = typeof updatedAt === 'string' && utcInstant(updatedAt) !== undefined ? updatedAt : undefined;
  const source: EventSource = { system: 'dhis2', trackedEntity: entity.uid, event: header.uid, orgUnit,
    programStage: header.programStage };
  if (header.program !== undefined) source.program = header.program;
  if (comparable !== undefined) source.updatedAt = comparable;
  return { kind: 'record', record: checkRecord(record, header, r.path), source };
}
