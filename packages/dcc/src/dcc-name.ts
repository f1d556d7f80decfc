import type { Recipient } from '@healthcred/types';
import type { DccName } from './dcc-types.js';
import { invalidInput } from './fail.js';
import { MAX_NAME_LENGTH, transliterateIcao } from './transliterate.js';

function original(value: string, field: string): string {
  const text = value.normalize('NFC').replace(/\s+/gu, ' ').trim();
  if (text.length > MAX_NAME_LENGTH) throw invalidInput(field, `is longer than the ${MAX_NAME_LENGTH} characters the EU DCC allows.`);
  return text;
}

const present = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

/** The ICAO 9303 form of a name part, from its Latin form when the record has one. */
function transliterated(recipient: Recipient, part: 'given' | 'family', fallback: { value: string; field: string }): string {
  const latinField = part === 'given' ? 'latinGivenName' : 'latinFamilyName';
  const latin = recipient[latinField];
  return present(latin)
    ? transliterateIcao(latin, { field: `recipient.${latinField}` })
    : transliterateIcao(fallback.value, { field: fallback.field });
}

/**
 * The DCC `nam` of a recipient: `fn`/`gn` keep the name as written, `fnt`/`gnt` are its ICAO 9303 transliteration.
 * Uses the record's `familyName`/`givenName` when it has them, else the whole `name` as the family name (records of
 * registries that hold one name field). `fnt`/`gnt` come from `latinFamilyName`/`latinGivenName` when the record has
 * them (the Latin form of a Sinhala, Tamil, Lao... name), else from the name as written.
 *
 * @throws HealthcredError `invalid_input` naming the field (`recipient.familyName`, `recipient.name`,
 *   `recipient.latinFamilyName`...) when a name is too long or cannot be transliterated: a name in a script ICAO
 *   9303 does not cover, without a Latin form.
 */
export function buildDccName(recipient: Recipient): DccName {
  const split = present(recipient.familyName);
  const familyField = split ? 'recipient.familyName' : 'recipient.name';
  const family = original(split ? recipient.familyName! : recipient.name, familyField);
  const name: DccName = { fn: family, fnt: transliterated(recipient, 'family', { value: family, field: familyField }) };
  if (split && present(recipient.givenName)) {
    name.gn = original(recipient.givenName, 'recipient.givenName');
    name.gnt = transliterated(recipient, 'given', { value: name.gn, field: 'recipient.givenName' });
  }
  return name;
}
