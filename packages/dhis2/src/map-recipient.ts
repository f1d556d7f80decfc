import { isIsoDate, isIsoDateTime } from '@healthcred/validation';
import type { Recipient } from '@healthcred/types';
import type { Dhis2Mapping, UidList } from './mapping-types.js';
import type { RawTrackedEntity } from './payload-shapes.js';
import { dropUndefined } from '@healthcred/records';
import { normalizeText } from './reader-helpers.js';
import { ValueSource } from './value-source.js';

const TRUE = new Set(['TRUE', 'YES', '1']);
const FALSE = new Set(['FALSE', 'NO', '0']);

/** The first value of `uids` as printed, if it has any text. */
function readPart(values: ValueSource, uids: UidList): { uid: string; text: string } | undefined {
  const found = values.find(uids);
  const text = found && normalizeText(found.value);
  return found && text ? { uid: found.uid, text } : undefined;
}

function readName(values: ValueSource, mapping: Dhis2Mapping): string {
  const fields = mapping.recipient;
  const full = values.find(fields.name);
  if (full) return normalizeText(full.value);
  const first = readPart(values, fields.firstName)?.text;
  const last = readPart(values, fields.lastName)?.text;
  const parts = fields.nameOrder === 'family-given' ? [last, first] : [first, last];
  const name = parts.filter((part) => part !== undefined).join(' ');
  return name === '' ? values.fail([...fields.name, ...fields.firstName, ...fields.lastName].join('|'), 'name', 'is required')
    : name;
}

type NameParts = Pick<Recipient, 'givenName' | 'familyName' | 'latinGivenName' | 'latinFamilyName'>;

/**
 * The name parts as the registry holds them: first and last name as given and family name, a first or last name
 * alone as the family name (a person with one name, as ICAO 9303 and the EU DCC take it), and the Latin form of each
 * part that has one. A Latin form without its part, or a Latin first name without a Latin last name, fails naming
 * the attribute.
 */
function readNameParts(values: ValueSource, mapping: Dhis2Mapping): NameParts {
  const fields = mapping.recipient;
  const first = readPart(values, fields.firstName);
  const last = readPart(values, fields.lastName);
  const latinFirst = readPart(values, fields.latinFirstName);
  const latinLast = readPart(values, fields.latinLastName);
  if (latinFirst && !first) values.fail(latinFirst.uid, 'Latin first name', 'has no first name to be the Latin form of');
  if (latinLast && !last) values.fail(latinLast.uid, 'Latin last name', 'has no last name to be the Latin form of');
  if (!first || !last) {
    const lone = first ?? last;
    const latin = first ? latinFirst : latinLast;
    return dropUndefined({ familyName: lone?.text, latinFamilyName: latin?.text });
  }
  if (latinFirst && !latinLast) values.fail(latinFirst.uid, 'Latin first name', 'needs the Latin last name too');
  return dropUndefined({
    givenName: first.text, familyName: last.text, latinGivenName: latinFirst?.text, latinFamilyName: latinLast?.text,
  });
}

function readEstimated(values: ValueSource, mapping: Dhis2Mapping): boolean {
  const found = values.find(mapping.recipient.birthDateEstimated);
  if (!found) return false;
  const value = found.value.toUpperCase();
  if (!TRUE.has(value) && !FALSE.has(value)) values.fail(found.uid, 'birth date is estimated', 'must be true or false');
  return TRUE.has(value);
}

/**
 * The birth date and whether it is estimated. A registry that records an age instead of a birth date gets the
 * conventional estimate: 1 January of (year of registration − age), flagged as estimated. The age is taken as of
 * the registration (the tracked entity's `createdAt`, else its enrollment date, else the event date) so that every
 * certificate of the person carries the same birth date.
 */
function readBirth(values: ValueSource, entity: RawTrackedEntity, mapping: Dhis2Mapping, eventDate: string):
  Pick<Recipient, 'dob' | 'dobEstimated' | 'age'> {
  const found = values.find(mapping.recipient.birthDate);
  const estimated = readEstimated(values, mapping);
  if (found) {
    if (!isIsoDate(found.value) && !isIsoDateTime(found.value)) values.fail(found.uid, 'birth date', 'must be a date YYYY-MM-DD');
    const dob = found.value.slice(0, 10);
    if (dob > eventDate) values.fail(found.uid, 'birth date', 'must not be after the vaccination date');
    return estimated ? { dob, dobEstimated: true } : { dob };
  }
  const age = values.find(mapping.recipient.age) ??
    values.fail([...mapping.recipient.birthDate, ...mapping.recipient.age].join('|'), 'birth date', 'is required');
  if (!/^\d{1,3}$/.test(age.value) || Number(age.value) > 150) values.fail(age.uid, 'age', 'must be a whole number of years from 0 to 150');
  const reference = entity.registeredOn !== undefined && entity.registeredOn < eventDate ? entity.registeredOn : eventDate;
  const birthYear = Number(reference.slice(0, 4)) - Number(age.value);
  return {
    dob: `${String(birthYear).padStart(4, '0')}-01-01`,
    dobEstimated: true,
    age: Number(eventDate.slice(0, 4)) - birthYear,
  };
}

function readSex(values: ValueSource, mapping: Dhis2Mapping): string | undefined {
  const found = values.find(mapping.recipient.sex);
  if (!found) return undefined;
  const options = mapping.sexOptions;
  if (Object.keys(options).length === 0) return normalizeText(found.value);
  const text = options[found.value.toUpperCase()];
  if (text === undefined) values.fail(found.uid, 'sex', `is not a sex option (expected one of: ${Object.keys(options).join(', ')})`);
  return text;
}

/**
 * Maps the attributes of a tracked entity to the recipient of a record: the full name (the name attribute, else first
 * and last name joined in `nameOrder`), the name parts and their Latin forms. `refId` is the tracked entity UID;
 * the national ID is never read.
 */
export function mapRecipient(entity: RawTrackedEntity, mapping: Dhis2Mapping, eventDate: string): Recipient {
  const values = new ValueSource(entity.attributes, 'attribute', `tracked entity ${entity.uid}`, entity.path);
  const recipient: Recipient = {
    refId: entity.uid,
    name: readName(values, mapping),
    ...readNameParts(values, mapping),
    ...readBirth(values, entity, mapping, eventDate),
  };
  const gender = readSex(values, mapping);
  if (gender !== undefined) recipient.gender = gender;
  return recipient;
}
