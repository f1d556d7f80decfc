import { ICAO_CYRILLIC, ICAO_LATIN, FILLER_SEPARATORS, OMITTED_PUNCTUATION } from './icao-tables.js';
import { invalidInput } from './fail.js';

/** The EU DCC schema's limit for `fn`, `fnt`, `gn` and `gnt`. */
export const MAX_NAME_LENGTH = 80;

/** Options of {@link transliterateIcao}. */
export interface TransliterateOptions {
  /** The input field named in errors, e.g. `recipient.familyName`. Default `name`. */
  field?: string;
}

function transliterateLetter(letter: string): string | undefined {
  const mapped = ICAO_LATIN[letter] ?? ICAO_CYRILLIC[letter];
  if (mapped !== undefined) return mapped;
  const base = letter.normalize('NFD').replace(/\p{M}+/gu, '');
  return /^[A-Z]$/.test(base) ? base : undefined;
}

/**
 * The ICAO 9303 (Part 3, section 6) machine-readable form of a name, as the EU DCC wants it in `fnt`/`gnt`: upper
 * case A–Z, accented Latin letters per the ICAO table (Müller → MUELLER, Ørsted → OERSTED, Đặng → DANG, Nuñez →
 * NUNEZ), Cyrillic per the ICAO table (Жанна → ZHANNA), spaces and hyphens as `<` (runs of them as one),
 * apostrophes, full stops and commas dropped. Language-specific variants of the tables (e.g. Ukrainian Г → H) are
 * not applied: give a Latin form when they matter.
 *
 * Scripts the ICAO tables do not cover (Sinhala, Tamil, Lao, Thai, Arabic, Chinese, Greek...) are never guessed.
 *
 * @throws HealthcredError `invalid_input` naming `options.field` when a character has no ICAO transliteration,
 *   when nothing is left, or when the result is longer than {@link MAX_NAME_LENGTH}.
 */
export function transliterateIcao(name: string, options: TransliterateOptions = {}): string {
  const field = options.field ?? 'name';
  const words = name.normalize('NFC').toLocaleUpperCase('en-US').replace(OMITTED_PUNCTUATION, '')
    .replace(FILLER_SEPARATORS, ' ').trim();
  let out = '';
  for (const char of words) {
    if (char === ' ') { out += '<'; continue; }
    const mapped = transliterateLetter(char);
    if (mapped === undefined) {
      throw invalidInput(field, `has a character with no ICAO 9303 transliteration (U+${char.codePointAt(0)!
        .toString(16).toUpperCase().padStart(4, '0')}); give the record the name's Latin form ` +
        '(recipient.latinFamilyName, recipient.latinGivenName).');
    }
    out += mapped;
  }
  if (out.replaceAll('<', '') === '') throw invalidInput(field, 'has no letters to transliterate.');
  if (out.length > MAX_NAME_LENGTH) {
    throw invalidInput(field, `is ${out.length} characters once transliterated; the EU DCC allows ${MAX_NAME_LENGTH}.`);
  }
  return out;
}
