/**
 * ICAO Doc 9303 (8th ed., 2021) Part 3, section 6 "Transliterations recommended for use by States": the Latin
 * letters with their own transliteration (where the table gives alternatives, its first recommended form: Ä → AE,
 * Ö → OE, Ü → UE, Å → AA, Ñ → N) and the letters whose base letter Unicode does not expose by decomposition
 * (Đ, Ł, Ø...). Every other accented Latin letter becomes its base letter (É → E, Ặ → A, Ư → U), as the table does.
 * Keys are upper case.
 */
export const ICAO_LATIN: Readonly<Record<string, string>> = {
  'Ä': 'AE', 'Å': 'AA', 'Æ': 'AE', 'Ö': 'OE', 'Ø': 'OE', 'Œ': 'OE', 'Ü': 'UE', 'ß': 'SS', 'ẞ': 'SS',
  'Þ': 'TH', 'Ĳ': 'IJ', 'Ð': 'D', 'Đ': 'D', 'Ħ': 'H', 'Ł': 'L', 'Ŀ': 'L', 'Ŧ': 'T', 'Ŋ': 'N', 'İ': 'I',
  'ı': 'I', 'Ñ': 'N',
};

/**
 * ICAO Doc 9303 Part 3, section 6, Cyrillic table (Russian, Ukrainian, Belarusian, Bulgarian, Serbian,
 * Macedonian letters), in the forms the table gives without a language qualifier. Ь is dropped.
 */
export const ICAO_CYRILLIC: Readonly<Record<string, string>> = {
  'А': 'A', 'Б': 'B', 'В': 'V', 'Г': 'G', 'Ґ': 'G', 'Д': 'D', 'Ѓ': 'G', 'Ђ': 'D', 'Е': 'E', 'Ё': 'E', 'Є': 'IE',
  'Ж': 'ZH', 'З': 'Z', 'Ѕ': 'DZ', 'И': 'I', 'І': 'I', 'Ї': 'I', 'Й': 'I', 'Ј': 'J', 'К': 'K', 'Л': 'L', 'Љ': 'LJ',
  'М': 'M', 'Н': 'N', 'Њ': 'NJ', 'О': 'O', 'П': 'P', 'Р': 'R', 'С': 'S', 'Т': 'T', 'Ћ': 'C', 'Ќ': 'K', 'У': 'U',
  'Ў': 'U', 'Ф': 'F', 'Х': 'KH', 'Ц': 'TS', 'Ч': 'CH', 'Џ': 'DZ', 'Ш': 'SH', 'Щ': 'SHCH', 'Ъ': 'IE', 'Ы': 'Y',
  'Ь': '', 'Э': 'E', 'Ю': 'IU', 'Я': 'IA',
};

/** Separators that become the filler `<` (space, hyphen and the Unicode hyphens and dashes). */
export const FILLER_SEPARATORS = /[\s\u002D\u2010\u2011\u2012\u2013\u2014\u2212]+/gu;

/** Punctuation ICAO omits from names: apostrophes (all forms), full stops and commas. */
export const OMITTED_PUNCTUATION = /['\u2018\u2019\u02BC\u0060\u00B4.,]/gu;
