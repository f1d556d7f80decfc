import type { Recipient } from '@healthcred/types';
import type { DccName, LatinName } from './dcc-types.js';
import { invalidInput } from './fail.js';
import { MAX_NAME_LENGTH, transliterateIcao } from './transliterate.js';

function original(value: string, field: string): string {
  const text = value.normalize('NFC').replace(/\s+/gu, ' ').trim();
  if (text.length > MAX_NAME_LENGTH) throw invalidInput(field, `is longer than the ${MAX_NAME_LENGTH} characters the EU DCC allows.`);
  return text;
}

/**
 * The DCC `nam` of a recipient: `fn`/`gn` keep the name as written, `fnt`/`gnt` are its ICAO 9303 transliteration.
 * Uses `familyName`/`givenName` when the record has them, else the whole `name` as the family name. A `latinName`
 * replaces the source of `fnt`/`gnt` only (for Sinhala, Tamil, Lao... names).
 *
 * @throws HealthcredError `invalid_input` naming `recipient.familyName`, `recipient.name`, `latinName.family`...
 *   when a name cannot be transliterated or is too long.
 */
export function buildDccName(recipient: Recipient, latinName?: LatinName): DccName {
  const split = recipient.familyName !== undefined && recipient.familyName.trim() !== '';
  const familyField = split ? 'recipient.familyName' : 'recipient.name';
  const family = original(split ? recipient.familyName! : recipient.name, familyField);
  const given = split && recipient.givenName?.trim() ? original(recipient.givenName, 'recipient.givenName') : undefined;
  const name: DccName = latinName
    ? { fn: family, fnt: transliterateIcao(latinName.family, { field: 'latinName.family' }) }
    : { fn: family, fnt: transliterateIcao(family, { field: familyField }) };
  if (given !== undefined) name.gn = given;
  const latinGiven = latinName ? latinName.given : given;
  if (latinGiven !== undefined && latinGiven.trim() !== '') {
    name.gnt = transliterateIcao(latinGiven, { field: latinName ? 'latinName.given' : 'recipient.givenName' });
  }
  return name;
}
