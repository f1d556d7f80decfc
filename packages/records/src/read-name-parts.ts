import type { InputReader } from '@healthcred/validation';
import type { Recipient } from '@healthcred/types';

/** The name fields a recipient may have besides `name`, in the order they are read. */
export const NAME_PART_FIELDS = ['givenName', 'familyName', 'latinGivenName', 'latinFamilyName'] as const;

type NameParts = Pick<Recipient, (typeof NAME_PART_FIELDS)[number]>;

/** A letter of a script other than Latin (marks, spaces and punctuation are not letters). */
const NON_LATIN_LETTER = /[^\P{L}\p{Script=Latin}]/u;

/**
 * The recipient's name parts as a registry holds them, each optional, with the pairs they need: a `givenName` only
 * with a `familyName` (one name alone is the family name, as the EU DCC and ICAO 9303 take it), a Latin form only
 * with the part it is the Latin form of, and a `latinGivenName` only with a `latinFamilyName` (the EU DCC's
 * transliterated family name `fnt` is required). A Latin form must hold no letter of another script.
 *
 * @param text - The rules every part is read with (length, printable).
 * @throws HealthcredError `invalid_input` naming the offending field, e.g. `record.recipient.latinFamilyName`.
 */
export function readNameParts(r: InputReader, text: { maxLength: number; printable: boolean }): NameParts {
  const parts: NameParts = {};
  for (const name of NAME_PART_FIELDS) {
    const value = r.field(name).optional((f) => f.string(text));
    if (value !== undefined) parts[name] = value;
  }
  const needs = (field: keyof NameParts, other: keyof NameParts) => {
    if (parts[field] !== undefined && parts[other] === undefined) r.field(field).fail(`must come with record.recipient.${other}`);
  };
  needs('givenName', 'familyName');
  needs('latinFamilyName', 'familyName');
  needs('latinGivenName', 'givenName');
  needs('latinGivenName', 'latinFamilyName');
  for (const field of ['latinGivenName', 'latinFamilyName'] as const) {
    const value = parts[field];
    if (value !== undefined && NON_LATIN_LETTER.test(value)) {
      r.field(field).fail('must be written in Latin letters (it is the Latin form of the name)');
    }
  }
  return parts;
}
