import { expect } from 'chai';
import { loadDefaultDhis2Mapping, parseDhis2Mapping, parseDhis2Payload, type Dhis2CertificationRequest } from '@healthcred/dhis2';
import { defaultMappingJson } from '@healthcred/testing';
import { expectInvalid } from './fixtures/expect-invalid.js';
import { FIRST_NAME, LAST_NAME, NATIONAL_ID, UID, doseValues, personValues, trackedEntity, trackerEvent } from '@healthcred/testing';

/** Attribute UIDs a deployment could create for the Latin forms (the COVAC package has none). */
const LATIN = { first: 'LtnFirst001', last: 'LtnLast0001' };
type Values = Record<string, string | undefined>;

/** The COVAC mapping, with Latin form attributes unless `latin` is false, and `recipient` overrides. */
function mappingWith(recipient: Record<string, unknown> = {}) {
  const json = defaultMappingJson();
  json.recipient = { ...(json.recipient as object), latinFirstName: [LATIN.first], latinLastName: [LATIN.last], ...recipient };
  return parseDhis2Mapping(json, 'test mapping');
}

function mapOne(person: Values, mapping = mappingWith()): Dhis2CertificationRequest {
  const { requests } = parseDhis2Payload(trackedEntity([trackerEvent({ values: doseValues() })], person), mapping);
  expect(requests).to.have.length(1);
  return requests[0] as Dhis2CertificationRequest;
}

const latinPerson = (overrides: Values = {}) => personValues({ [LATIN.first]: 'Kamal', [LATIN.last]: 'Perera', ...overrides });

describe('parseDhis2Payload(): names as the registry holds them', () => {
  describe('negative', () => {
    it('rejects a mapping with a Latin form attribute but no attribute for the name it is the Latin form of', () => {
      const json = defaultMappingJson();
      json.recipient = { ...(json.recipient as object), lastName: undefined, name: ['FullName001'], latinLastName: [LATIN.last] };
      expectInvalid(() => parseDhis2Mapping(json, 'test mapping'), 'recipient.latinLastName', 'needs "lastName"');
    });

    it('rejects a mapping that maps a Latin form to the national ID attribute', () => {
      expectInvalid(() => mappingWith({ latinFirstName: [UID.nationalId] }), UID.nationalId);
    });

    it('dead-letters an event whose Latin first name has no Latin last name beside it, naming the attribute and not the value', () => {
      const error = expectInvalid(() => mapOne(latinPerson({ [LATIN.last]: undefined })),
        `attributes[attribute=${LATIN.first}]`, 'Latin first name', 'needs the Latin last name too');
      expect(error.message).not.to.contain('Kamal').and.not.to.contain(NATIONAL_ID);
    });

    it('dead-letters an event with a Latin last name but no last name', () => {
      expectInvalid(() => mapOne(latinPerson({ [UID.lastName]: undefined, [LATIN.first]: undefined })),
        `attributes[attribute=${LATIN.last}]`, 'has no last name to be the Latin form of');
    });

    it('dead-letters an event whose "Latin" form is in Sinhala, naming the record field', () => {
      expectInvalid(() => mapOne(latinPerson({ [LATIN.last]: LAST_NAME })), 'record.recipient.latinFamilyName',
        'must be written in Latin letters');
    });
  });

  it('should give the record both names from the COVAC first and last name attributes', () => {
    const { recipient } = mapOne(personValues(), loadDefaultDhis2Mapping()).record;
    expect(recipient).to.deep.include({ name: `${FIRST_NAME} ${LAST_NAME}`, givenName: FIRST_NAME, familyName: LAST_NAME });
    expect(recipient).not.to.have.keys('latinGivenName', 'latinFamilyName');
  });

  it('should give the record the Latin form of each name from the mapped attributes, normalised', () => {
    const { recipient } = mapOne(latinPerson({ [LATIN.first]: '  Kamal   Sunil ', [LATIN.last]: 'Pere\u0301ra' })).record;
    expect(recipient).to.deep.include({
      givenName: FIRST_NAME, familyName: LAST_NAME, latinGivenName: 'Kamal Sunil', latinFamilyName: 'Peréra',
    });
  });

  it('should take a first or last name alone as the family name (one name), with its Latin form', () => {
    const onlyFirst = mapOne(latinPerson({ [UID.lastName]: undefined, [LATIN.last]: undefined })).record.recipient;
    expect(onlyFirst).to.deep.include({ name: FIRST_NAME, familyName: FIRST_NAME, latinFamilyName: 'Kamal' });
    expect(onlyFirst).not.to.have.keys('givenName', 'latinGivenName');
    const onlyLast = mapOne(personValues({ [UID.firstName]: '  ' })).record.recipient;
    expect(onlyLast).to.deep.include({ name: LAST_NAME, familyName: LAST_NAME });
    expect(onlyLast).not.to.have.key('givenName');
  });

  it('should keep the full name in family-given order while the parts stay given and family', () => {
    const { recipient } = mapOne(personValues({ [UID.firstName]: 'Thị Minh Khai', [UID.lastName]: 'Nguyễn' }),
      mappingWith({ nameOrder: 'family-given' })).record;
    expect(recipient).to.deep.include({ name: 'Nguyễn Thị Minh Khai', givenName: 'Thị Minh Khai', familyName: 'Nguyễn' });
  });
});
