import { expect } from 'chai';
import { loadDefaultDhis2Mapping, parseDhis2Mapping, parseDhis2Payload, type Dhis2CertificationRequest } from '@healthcred/dhis2';
import { recordHash } from '@healthcred/records';
import { defaultMappingJson, exampleJson } from '@healthcred/testing';
import { expectInvalid } from './fixtures/expect-invalid.js';
import {
  BIRTH_DATE, FIRST_NAME, LAST_NAME, NATIONAL_ID, UID, doseValues, personValues, trackedEntity, trackerEvent,
} from '@healthcred/testing';

const mapping = loadDefaultDhis2Mapping();
type Values = Record<string, string | undefined>;

function mapOne(values: Values = doseValues(), person: Values = personValues()): Dhis2CertificationRequest {
  const { requests } = parseDhis2Payload(trackedEntity([trackerEvent({ values })], person), mapping);
  expect(requests).to.have.length(1);
  return requests[0] as Dhis2CertificationRequest;
}

describe('parseDhis2Payload() mapping of one vaccination event', () => {
  it('should map the vaccine, manufacturer, batch, dose, date and facility', () => {
    expect(mapOne().record).to.deep.equal({
      recipient: { refId: 'PQfMcpmXeFE', name: `${FIRST_NAME} ${LAST_NAME}`, givenName: FIRST_NAME, familyName: LAST_NAME,
        dob: BIRTH_DATE, gender: 'Male' },
      vaccination: {
        vaccine: 'AZD1222 / AstraZeneca', manufacturer: 'AstraZeneca', batch: '4121Z025', date: '2021-06-02',
        dose: 1, totalDoses: 2, icd11Code: 'XM9QW8', prophylaxis: 'COVID-19',
      },
      facility: { name: 'Colombo MOH Centre', address: { addressCountry: 'LK' } },
    });
  });

  it('should number the doses of a series and continue the count for boosters', () => {
    const doses = ['DOSE1', 'DOSE2', 'DOSE3', 'BOOSTER'].map((code) => mapOne(doseValues(code)).record.vaccination);
    expect(doses.map((v) => [v.dose, v.totalDoses])).to.deep.equal([[1, 2], [2, 2], [3, 3], [3, 3]]);
    const afterOneDose = mapOne(doseValues('BOOSTER', { [UID.totalDoses]: '1' })).record.vaccination;
    expect([afterOneDose.dose, afterOneDose.totalDoses]).to.deep.equal([2, 2]);
  });

  it('should give several doses of one person their own source keys', () => {
    const events = [trackerEvent(), trackerEvent({ event: 'Kx4bTjGq7Vd', date: '2021-08-25', values: doseValues('DOSE2') }),
      trackerEvent({ event: 'Rw2mXa9PcUe', date: '2022-01-20', values: doseValues('BOOSTER', {
        [UID.vaccine]: 'BIONTECHPFIZER', [UID.manufacturer]: 'BIONTECHPFIZER' }) })];
    const { requests } = parseDhis2Payload(trackedEntity(events), mapping);
    expect(requests.map((r) => r.sourceKey)).to.deep.equal(['dhis2:PQfMcpmXeFE:FyEg9Ah0nLM:1',
      'dhis2:PQfMcpmXeFE:Kx4bTjGq7Vd:2', 'dhis2:PQfMcpmXeFE:Rw2mXa9PcUe:3']);
    expect(requests[2]?.record.vaccination.manufacturer).to.equal('BioNTech/Pfizer');
  });

  it('should match option codes of any case (package versions before 1.2 used lower case)', () => {
    const lower = mapOne(doseValues('dose2', { [UID.vaccine]: 'astrazeneca', [UID.manufacturer]: 'astrazeneca' }), personValues({ [UID.sex]: 'male' }));
    const upper = mapOne(doseValues('DOSE2'));
    expect(lower.record).to.deep.equal(upper.record);
  });

  it('should take the manufacturer and total doses from the vaccine when the event has none', () => {
    const vaccination = mapOne(doseValues('DOSE1', { [UID.vaccine]: 'MODERNA', [UID.manufacturer]: undefined,
      [UID.totalDoses]: undefined })).record.vaccination;
    expect([vaccination.vaccine, vaccination.manufacturer, vaccination.totalDoses]).to.deep.equal(
      ['mRNA-1273 / Moderna', 'Moderna', 2]);
  });

  it('should flag an estimated birth date and leave the optional fields out when absent', () => {
    expect(mapOne(doseValues(), personValues({ [UID.estimated]: 'true' })).record.recipient.dobEstimated).to.equal(true);
    const plain = mapOne(doseValues(), personValues({ [UID.estimated]: 'false', [UID.sex]: undefined })).record.recipient;
    expect(plain).to.deep.equal({ refId: 'PQfMcpmXeFE', name: `${FIRST_NAME} ${LAST_NAME}`, givenName: FIRST_NAME,
      familyName: LAST_NAME, dob: BIRTH_DATE });
  });

  it('should estimate the birth date from an age as 1 January of the registration year minus the age', () => {
    const example = parseDhis2Mapping(exampleJson('mapping-example.json'), 'mapping-example.json');
    const { requests } = parseDhis2Payload(exampleJson('example-country-payload.json'), example);
    const recipients = requests.slice(0, 2).map((r) => r.record.recipient);
    expect(recipients[0]).to.include({ dob: '1954-01-01', dobEstimated: true, age: 67 });
    expect(recipients[1]?.dob).to.equal(recipients[0]?.dob);
    expect(requests[2]?.record.recipient).to.deep.equal(
      { refId: 'LmPerson002', name: 'Amara Okonkwo-Lind', dob: '2001-05-09', gender: 'Other' });
  });

  it('should keep Sinhala, Tamil, Lao and Vietnamese names and normalise them to NFC', () => {
    for (const [first, last] of [['කමල්', 'පෙරේරා'], ['செல்வி', 'சுப்பிரமணியம்'], ['ສົມພອນ', 'ພົມມະຈັນ'],
      ['Thị Minh Khai', 'Nguyễn']] as const) {
      const composed = mapOne(doseValues(), personValues({ [UID.firstName]: first, [UID.lastName]: last }));
      const decomposed = mapOne(doseValues(), personValues({
        [UID.firstName]: ` ${first.normalize('NFD')}`, [UID.lastName]: `${last.normalize('NFD')}  ` }));
      expect(composed.record.recipient.name).to.equal(`${first} ${last}`.normalize('NFC'));
      expect(recordHash({ kind: 'vaccination', record: decomposed.record }))
        .to.equal(recordHash({ kind: 'vaccination', record: composed.record }));
    }
  });

  it('should put the family name first when the country says so', () => {
    const familyFirst = parseDhis2Mapping({ ...defaultMappingJson(), recipient: {
      ...(defaultMappingJson().recipient as object), nameOrder: 'family-given' } }, 'm.json');
    const person = personValues({ [UID.firstName]: 'Thị Minh Khai', [UID.lastName]: 'Nguyễn' });
    const { requests } = parseDhis2Payload(trackedEntity([trackerEvent()], person), familyFirst);
    expect(requests[0]?.record.recipient.name).to.equal('Nguyễn Thị Minh Khai');
  });

  it('should use a configured facility before the org unit name of the event', () => {
    const json = { ...defaultMappingJson(), orgUnits: { [UID.orgUnit]: { name: 'MOH Office Colombo',
      address: { city: 'Colombo', addressCountry: 'LK' } } } };
    const { requests } = parseDhis2Payload(trackedEntity(), parseDhis2Mapping(json, 'm.json'));
    expect(requests[0]?.record.facility).to.deep.equal({ name: 'MOH Office Colombo',
      address: { city: 'Colombo', addressCountry: 'LK' } });
  });

  describe('negative', () => {
    it('rejects an unknown vaccine code, naming the event and the data element', () => {
      const error = expectInvalid(() => mapOne(doseValues('DOSE1', { [UID.vaccine]: 'COVAXIN' })),
        'event FyEg9Ah0nLM dataValues[dataElement=bbnyNYD1wgS] (vaccine): is not a configured vaccine option',
        'ASTRAZENECA');
      expect(error.field).to.equal('payload.enrollments[0].events[0].dataValues[dataElement=bbnyNYD1wgS]');
    });

    it('rejects a completed vaccination without a dose number', () => {
      expectInvalid(() => mapOne(doseValues('DOSE1', { [UID.dose]: undefined })),
        'event FyEg9Ah0nLM dataValues[dataElement=LUIsbsm3okG] (dose number): is required');
    });

    it('rejects a dose number that is not a dose option', () => {
      expectInvalid(() => mapOne(doseValues('2')), 'dataValues[dataElement=LUIsbsm3okG] (dose number): is not a dose option');
      expectInvalid(() => mapOne(doseValues('DOSE1', { [UID.totalDoses]: 'two' })),
        'dataValues[dataElement=PamkjF1JUnE] (total doses): must be a whole number');
    });

    it('rejects an unknown manufacturer and a missing batch', () => {
      expectInvalid(() => mapOne(doseValues('DOSE1', { [UID.manufacturer]: 'ACME' })),
        'dataValues[dataElement=rpkH9ZPGJcX] (manufacturer): is not a manufacturer option');
      expectInvalid(() => mapOne(doseValues('DOSE1', { [UID.batch]: undefined })),
        'dataValues[dataElement=Yp1F4txx8tm] (batch): is required');
      expectInvalid(() => mapOne(doseValues('DOSE1', { [UID.manufacturer]: undefined })),
        'dataValues[dataElement=rpkH9ZPGJcX] (manufacturer): is required');
    });

    it('rejects person attributes that cannot be mapped, naming the tracked entity and attribute UID', () => {
      expectInvalid(() => mapOne(doseValues(), personValues({ [UID.birthDate]: '14/03/1985' })),
        'tracked entity PQfMcpmXeFE attributes[attribute=NI0QRzJvQ0k] (birth date): must be a date YYYY-MM-DD');
      expectInvalid(() => mapOne(doseValues(), personValues({ [UID.birthDate]: '2022-01-01' })),
        'attributes[attribute=NI0QRzJvQ0k] (birth date): must not be after the vaccination date');
      expectInvalid(() => mapOne(doseValues(), personValues({ [UID.birthDate]: undefined })),
        'attributes[attribute=NI0QRzJvQ0k] (birth date): is required');
      expectInvalid(() => mapOne(doseValues(), personValues({ [UID.sex]: 'UNKNOWN' })),
        'attributes[attribute=oindugucx72] (sex): is not a sex option');
      expectInvalid(() => mapOne(doseValues(), personValues({ [UID.estimated]: 'maybe' })),
        'attributes[attribute=Z1rLc1rVHK8] (birth date is estimated): must be true or false');
      expectInvalid(() => mapOne(doseValues(), personValues({ [UID.firstName]: undefined, [UID.lastName]: undefined })),
        'attributes[attribute=sB1IHYu2xQT|ENRjVGxVL6l] (name): is required');
    });

    it('rejects a record that breaks the record rules, naming the event', () => {
      expectInvalid(() => mapOne(doseValues(), personValues({ [UID.firstName]: 'A'.repeat(250) })),
        'event FyEg9Ah0nLM: the mapped record.recipient.name: must be at most 200 characters');
    });

    it('rejects an event that makes no sense (from the future, before 1900, a name with control or direction characters)', () => {
      const one = (event: Record<string, unknown>, person = personValues()) => parseDhis2Payload(trackedEntity([event], person), mapping);
      expectInvalid(() => one(trackerEvent({ date: '2999-06-02T00:00:00.000' })),
        'event FyEg9Ah0nLM: the mapped record.vaccination.date: must not be in the future');
      expectInvalid(() => one(trackerEvent({ date: '1800-06-02T00:00:00.000' }), personValues({ [UID.birthDate]: '1799-01-01' })),
        'event FyEg9Ah0nLM: the mapped record.recipient.dob: must not be before 1900');
      expectInvalid(() => one(trackerEvent(), personValues({ [UID.firstName]: 'Kamal\u0000' })),
        'event FyEg9Ah0nLM: the mapped record.recipient.name: must not contain control, invisible formatting or text-direction characters');
      expectInvalid(() => one(trackerEvent(), personValues({ [UID.lastName]: '\u202Earerép' })),
        'event FyEg9Ah0nLM: the mapped record.recipient.name: must not contain control');
    });

    it('rejects an org unit in neither the directory nor the mapping when the event has no org unit name', () => {
      const event = trackerEvent();
      delete event.orgUnitName;
      expectInvalid(() => parseDhis2Payload(trackedEntity([event]), mapping),
        'events[0].orgUnit: org unit DiszpKrYNg8 is not in the org unit directory');
    });

    it('never echoes names, birth dates or national IDs in error messages', () => {
      const failures = [
        () => mapOne(doseValues(), personValues({ [UID.birthDate]: '14.03.1985' })),
        () => mapOne(doseValues(), personValues({ [UID.sex]: FIRST_NAME })),
        () => mapOne(doseValues('DOSE1', { [UID.vaccine]: NATIONAL_ID })),
        () => mapOne(doseValues(), personValues({ [UID.lastName]: `${LAST_NAME}${'x'.repeat(300)}` })),
      ];
      for (const fail of failures) {
        const error = expectInvalid(fail);
        for (const secret of [FIRST_NAME, LAST_NAME, NATIONAL_ID, '14.03.1985', BIRTH_DATE]) {
          expect(error.message).not.to.contain(secret);
        }
      }
    });
  });
});
