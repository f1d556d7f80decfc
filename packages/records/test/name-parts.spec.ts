import { expect } from 'chai';
import { parseHealthRecord, parseVaccinationRecord, recordHash } from '@healthcred/records';
import { HealthcredError } from '@healthcred/errors';
import type { Recipient } from '@healthcred/types';
import { mockTestResultRecord, mockVaccinationRecord } from '@healthcred/testing';

/** A Sinhala-named recipient with given and family names apart and a Latin form of each. */
function splitRecipient(): Recipient {
  return {
    ...mockVaccinationRecord().recipient,
    name: 'සුනිල් පෙරේරා', givenName: 'සුනිල්', familyName: 'පෙරේරා', latinGivenName: 'Sunil', latinFamilyName: 'Perera',
  };
}

function refusal(recipient: Record<string, unknown>): HealthcredError {
  try {
    parseVaccinationRecord({ ...mockVaccinationRecord(), recipient });
  } catch (error) {
    expect(error).to.be.instanceOf(HealthcredError);
    return error as HealthcredError;
  }
  throw new Error('expected the record to be refused');
}

describe('parseVaccinationRecord(): name parts', () => {
  describe('negative', () => {
    const without = (...fields: string[]) => {
      const recipient: Record<string, unknown> = splitRecipient();
      for (const field of fields) delete recipient[field];
      return recipient;
    };
    const cases: Array<[string, Record<string, unknown>, string, string]> = [
      ['a given name without a family name', without('familyName', 'latinFamilyName', 'latinGivenName'),
        'record.recipient.givenName', 'must come with record.recipient.familyName'],
      ['a Latin family name without the family name', without('familyName', 'givenName', 'latinGivenName'),
        'record.recipient.latinFamilyName', 'must come with record.recipient.familyName'],
      ['a Latin given name without the given name', without('givenName'),
        'record.recipient.latinGivenName', 'must come with record.recipient.givenName'],
      ['a Latin given name without a Latin family name', without('latinFamilyName'),
        'record.recipient.latinGivenName', 'must come with record.recipient.latinFamilyName'],
      ['a "Latin" family name in Sinhala', { ...splitRecipient(), latinFamilyName: 'පෙරේරා' },
        'record.recipient.latinFamilyName', 'must be written in Latin letters'],
      ['a "Latin" given name in Cyrillic', { ...splitRecipient(), latinGivenName: 'Сунил' },
        'record.recipient.latinGivenName', 'must be written in Latin letters'],
      ['an empty family name', { ...without('givenName', 'latinGivenName', 'latinFamilyName'), familyName: '  ' },
        'record.recipient.familyName', 'must not be empty'],
      ['a given name with a text-direction character', { ...splitRecipient(), givenName: 'සුනිල්\u202E' },
        'record.recipient.givenName', 'text-direction'],
      ['a misspelt name part', { ...splitRecipient(), surname: 'Perera' },
        'record.recipient.surname', 'is not a known field'],
    ];
    for (const [what, recipient, field, message] of cases) {
      it(`rejects ${what}, naming ${field}`, () => {
        const error = refusal(recipient);
        expect(error.code).to.equal('invalid_input');
        expect(error.field).to.equal(field);
        expect(error.message).to.contain(message);
      });
    }
  });

  it('should keep given, family and Latin names as sent, beside the full name', () => {
    const record = parseVaccinationRecord({ ...mockVaccinationRecord(), recipient: splitRecipient() });
    expect(record.recipient).to.deep.include({
      name: 'සුනිල් පෙරේරා', givenName: 'සුනිල්', familyName: 'පෙරේරා', latinGivenName: 'Sunil', latinFamilyName: 'Perera',
    });
  });

  it('should take a family name alone (one name), and Latin forms with accents, apostrophes and hyphens', () => {
    const mononym = { ...mockVaccinationRecord().recipient, name: 'Suharto', familyName: 'Suharto' };
    expect(parseVaccinationRecord({ ...mockVaccinationRecord(), recipient: mononym }).recipient.familyName).to.equal('Suharto');
    const accented = { ...splitRecipient(), latinGivenName: 'Zoë-Anne', latinFamilyName: "O'Brien Núñez" };
    expect(parseVaccinationRecord({ ...mockVaccinationRecord(), recipient: accented }).recipient.latinFamilyName).to.equal("O'Brien Núñez");
  });
});

describe('recordHash(): records without name parts', () => {
  // Computed with the code before records had name parts: certificates already issued must stay duplicates of their
  // replays, so these hashes may never change.
  it('should hash records without the name parts exactly as before they existed', () => {
    expect(recordHash({ kind: 'vaccination', record: parseVaccinationRecord(mockVaccinationRecord()) }))
      .to.equal('15d9d5dc62f9120a180edd0c7dd1f670d7ad11cd37c089bfab596b207d6a74ae');
    expect(recordHash(parseHealthRecord(mockTestResultRecord())))
      .to.equal('dbde2288e803595c33f93e170ba40aa0831e1d15faffa63108493bc9bd1bb0e0');
  });

  it('should hash a record whose given and family names only split the full name as the record without them', () => {
    // What DHIS2 events certified before records kept the parts now map to: their replays must stay duplicates.
    const pinned = '15d9d5dc62f9120a180edd0c7dd1f670d7ad11cd37c089bfab596b207d6a74ae';
    const base = mockVaccinationRecord();
    for (const parts of [{ givenName: 'සුනිල්', familyName: 'පෙරේරා' }, { givenName: 'පෙරේරා', familyName: 'සුනිල්' }]) {
      const record = parseVaccinationRecord({ ...base, recipient: { ...base.recipient, ...parts } });
      expect(recordHash({ kind: 'vaccination', record })).to.equal(pinned);
    }
    const mononym = { ...base, recipient: { ...base.recipient, name: 'Suharto', familyName: 'Suharto' } };
    const mononymBefore = { ...base, recipient: { ...base.recipient, name: 'Suharto' } };
    expect(recordHash({ kind: 'vaccination', record: mononym })).to.equal(recordHash({ kind: 'vaccination', record: mononymBefore }));
  });

  it('should hash a record differently when its name parts say more than the full name, or it has a Latin form', () => {
    const plain = parseVaccinationRecord(mockVaccinationRecord());
    const hashOf = (recipient: Partial<Recipient>) =>
      recordHash({ kind: 'vaccination', record: { ...plain, recipient: { ...plain.recipient, ...recipient } } });
    const before = hashOf({});
    expect(hashOf({ givenName: 'සුනිල් කමල්', familyName: 'පෙරේරා' })).not.to.equal(before);
    expect(hashOf({ familyName: 'පෙරේරා' })).not.to.equal(before);
    const latin = hashOf({ givenName: 'සුනිල්', familyName: 'පෙරේරා', latinGivenName: 'Sunil', latinFamilyName: 'Perera' });
    expect(latin).not.to.equal(before);
    expect(hashOf({ givenName: 'සුනිල්', familyName: 'පෙරේරා', latinGivenName: 'Sunil', latinFamilyName: 'Pereira' })).not.to.equal(latin);
  });
});
