import { HealthcredError, isHealthcredError } from '@healthcred/errors';
import { InputReader } from '@healthcred/validation';
import type { Facility, PostalAddress } from '@healthcred/types';
import {
  DHIS2_UID, type Dhis2Mapping, type DoseOption, type RecipientFields, type UidList, type VaccinationFields,
  type VaccineDefinition,
} from './mapping-types.js';
import { readOrgUnitLevels } from './org-unit-levels.js';
import { dropUndefined } from '@healthcred/records';
import { deepFreeze, keysOf } from './reader-helpers.js';

const UID_RULES = {
  maxLength: 11,
  pattern: { regex: DHIS2_UID, description: 'a DHIS2 UID (11 letters or digits, starting with a letter)' },
};
const TEXT = { maxLength: 200 };
const ADDRESS_KEYS = ['streetAddress', 'streetAddress2', 'district', 'city', 'addressRegion', 'addressCountry',
  'postalCode'] as const;
const RECIPIENT_KEYS = ['name', 'firstName', 'lastName', 'latinFirstName', 'latinLastName', 'nameOrder', 'birthDate',
  'birthDateEstimated', 'age', 'sex', 'nationalId'] as const;
const VACCINATION_KEYS = ['vaccine', 'manufacturer', 'batch', 'doseNumber', 'totalDoses', 'vaccinator'] as const;

function readUids(r: InputReader): UidList {
  if (r.isMissing) return [];
  return r.array({ minItems: 1, maxItems: 20 }).map((item) => item.string(UID_RULES));
}

/** Reads an object whose keys are option codes; keys are upper-cased and must stay distinct. */
function readCodeMap<T>(r: InputReader, read: (value: InputReader) => T): Record<string, T> {
  const result: Record<string, T> = {};
  for (const key of r.isMissing ? [] : keysOf(r)) {
    const code = readCode(r.field(key), key);
    if (code in result) r.field(key).fail('repeats an option code (codes are compared case-insensitively)');
    result[code] = read(r.field(key));
  }
  return result;
}

function readCode(r: InputReader, code: string): string {
  if (code.trim() === '' || code.length > 100) r.fail('must be an option code of 1 to 100 characters');
  return code.trim().toUpperCase();
}

function readDoseOption(r: InputReader): DoseOption {
  r.onlyKeys(['dose', 'booster']);
  const dose = r.field('dose').optional((f) => f.integer({ min: 1, max: 20 }));
  const booster = r.field('booster').optional((f) => f.integer({ min: 1, max: 10 }));
  if ((dose === undefined) === (booster === undefined)) r.fail('must have exactly one of "dose" or "booster"');
  return dose === undefined ? { booster: booster as number } : { dose };
}

function readVaccine(r: InputReader): VaccineDefinition {
  r.onlyKeys(['codes', 'name', 'manufacturer', 'totalDoses', 'icd11Code', 'prophylaxis']);
  const codes = r.field('codes').array({ minItems: 1, maxItems: 20 })
    .map((item) => readCode(item, item.string({ maxLength: 100 })));
  const optionalText = (name: string) => r.field(name).optional((f) => f.string(TEXT));
  return dropUndefined({
    codes,
    name: r.field('name').string(TEXT),
    manufacturer: optionalText('manufacturer'),
    totalDoses: r.field('totalDoses').optional((f) => f.integer({ min: 1, max: 20 })),
    icd11Code: r.field('icd11Code').optional((f) => f.string({
      maxLength: 20, pattern: { regex: /^[0-9A-Z.&/]+$/, description: 'an ICD-11 code such as XM9QW8' },
    })),
    prophylaxis: optionalText('prophylaxis'),
  });
}

function readFacility(r: InputReader, country: string): Facility {
  r.onlyKeys(['name', 'address']);
  const address = r.field('address');
  if (!address.isMissing) address.onlyKeys(ADDRESS_KEYS);
  const parts = Object.fromEntries(ADDRESS_KEYS.map((key) => [key, address.isMissing
    ? undefined : address.field(key).optional((f) => f.string(TEXT))]));
  return {
    name: r.field('name').string(TEXT),
    address: dropUndefined({ ...parts, addressCountry: parts.addressCountry ?? country }) as PostalAddress,
  };
}

function readRecipient(r: InputReader): RecipientFields {
  r.onlyKeys(RECIPIENT_KEYS);
  const fields = {
    name: readUids(r.field('name')),
    firstName: readUids(r.field('firstName')),
    lastName: readUids(r.field('lastName')),
    latinFirstName: readUids(r.field('latinFirstName')),
    latinLastName: readUids(r.field('latinLastName')),
    nameOrder: r.field('nameOrder').optional((f) => f.oneOf(['given-family', 'family-given'] as const)) ?? 'given-family',
    birthDate: readUids(r.field('birthDate')),
    birthDateEstimated: readUids(r.field('birthDateEstimated')),
    age: readUids(r.field('age')),
    sex: readUids(r.field('sex')),
    nationalId: readUids(r.field('nationalId')),
  };
  if (fields.name.length + fields.firstName.length + fields.lastName.length === 0) {
    r.field('name').fail('is required unless "firstName" or "lastName" is given');
  }
  for (const [latin, part] of [['latinFirstName', 'firstName'], ['latinLastName', 'lastName']] as const) {
    if (fields[latin].length > 0 && fields[part].length === 0) r.field(latin).fail(`needs "${part}": it is its Latin form`);
  }
  if (fields.birthDate.length + fields.age.length === 0) r.field('birthDate').fail('is required unless "age" is given');
  return fields;
}

function readVaccination(r: InputReader): VaccinationFields {
  r.onlyKeys(VACCINATION_KEYS);
  const fields = Object.fromEntries(VACCINATION_KEYS.map((key) => [key, readUids(r.field(key))])) as
    unknown as VaccinationFields;
  for (const key of ['vaccine', 'batch', 'doseNumber'] as const) {
    if (fields[key].length === 0) r.field(key).fail('is required');
  }
  return fields;
}

/** One UID must not mean two things: above all, the national ID must not double as a printed field. */
function checkDistinctUids(r: InputReader, groups: Record<string, Record<string, UidList>>): void {
  const owner = new Map<string, string>();
  for (const [group, fields] of Object.entries(groups)) {
    for (const [field, uids] of Object.entries(fields)) {
      if (typeof uids === 'string') continue;
      for (const uid of uids) {
        const previous = owner.get(uid);
        if (previous !== undefined) r.field(group).field(field).fail(`lists ${uid}, which is already mapped to ${previous}`);
        owner.set(uid, `${group}.${field}`);
      }
    }
  }
}

function checkVaccines(r: InputReader, mapping: Dhis2Mapping): void {
  const seen = new Set<string>();
  mapping.vaccines.forEach((vaccine, i) => {
    const at = r.field('vaccines').array()[i] as InputReader;
    for (const code of vaccine.codes) {
      if (seen.has(code)) at.field('codes').fail(`repeats the option code ${code} of another vaccine`);
      seen.add(code);
    }
    if (mapping.vaccination.manufacturer.length === 0 && vaccine.manufacturer === undefined) {
      at.field('manufacturer').fail('is required when vaccination.manufacturer lists no data element');
    }
    if (mapping.vaccination.totalDoses.length === 0 && vaccine.totalDoses === undefined) {
      at.field('totalDoses').fail('is required when vaccination.totalDoses lists no data element');
    }
  });
}

function readMapping(r: InputReader): Dhis2Mapping {
  r.onlyKeys(['source', 'description', 'country', 'programs', 'vaccinationStages', 'recipient', 'vaccination',
    'sexOptions', 'manufacturerOptions', 'doseOptions', 'acceptNumericDose', 'vaccines', 'orgUnits', 'orgUnitLevels']);
  const country = r.field('country').string({ maxLength: 100 });
  const mapping: Dhis2Mapping = dropUndefined({
    source: r.field('source').string({ maxLength: 2000 }),
    description: r.field('description').optional((f) => f.string({ maxLength: 2000 })),
    country,
    programs: readUids(r.field('programs')),
    vaccinationStages: r.field('vaccinationStages').array({ minItems: 1, maxItems: 20 })
      .map((item) => item.string(UID_RULES)),
    recipient: readRecipient(r.field('recipient')),
    vaccination: readVaccination(r.field('vaccination')),
    sexOptions: readCodeMap(r.field('sexOptions'), (f) => f.string(TEXT)),
    manufacturerOptions: readCodeMap(r.field('manufacturerOptions'), (f) => f.string(TEXT)),
    doseOptions: readCodeMap(r.field('doseOptions'), readDoseOption),
    acceptNumericDose: r.field('acceptNumericDose').optional((f) => f.boolean()) ?? false,
    vaccines: r.field('vaccines').array({ minItems: 1, maxItems: 200 }).map(readVaccine),
    orgUnits: {},
    orgUnitLevels: readOrgUnitLevels(r.field('orgUnitLevels')),
  });
  if (Object.keys(mapping.doseOptions).length === 0 && !mapping.acceptNumericDose) {
    r.field('doseOptions').fail('is required unless "acceptNumericDose" is true');
  }
  const orgUnits = r.field('orgUnits');
  for (const uid of orgUnits.isMissing ? [] : keysOf(orgUnits)) {
    if (!DHIS2_UID.test(uid)) orgUnits.field(uid).fail('is not a DHIS2 org unit UID');
    (mapping.orgUnits as Record<string, Facility>)[uid] = readFacility(orgUnits.field(uid), country);
  }
  checkDistinctUids(r, {
    recipient: mapping.recipient as unknown as Record<string, UidList>,
    vaccination: mapping.vaccination as unknown as Record<string, UidList>,
  });
  checkVaccines(r, mapping);
  return mapping;
}

/**
 * Reads and checks a country's DHIS2 mapping (a JSON configuration file, see `mappings/covac-eir.json`), once at
 * start-up. Unknown keys are refused so that a misspelt key does not silently drop a field from certificates.
 *
 * @param json the parsed JSON file.
 * @param source where it was read from (a path), prefixed to error messages.
 * @returns the deeply frozen mapping, option codes upper-cased.
 * @throws HealthcredError `invalid_input` whose message starts with `source` and names the config field, e.g.
 *   `covac.json: mapping.vaccination.doseNumber: is required.`; `field` is the dotted path.
 */
export function parseDhis2Mapping(json: unknown, source: string): Dhis2Mapping {
  try {
    return deepFreeze(readMapping(InputReader.of(json, 'mapping')));
  } catch (error) {
    if (!isHealthcredError(error)) throw error;
    throw new HealthcredError('invalid_input', `${source}: ${error.message}`, { field: error.field, cause: error });
  }
}
