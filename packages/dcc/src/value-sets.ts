import { invalidInput } from './fail.js';

/** A disease or agent targeted, by the names records use for it. */
export interface DiseaseMapping {
  /** Names as they appear in `vaccination.prophylaxis` / `test.disease`, matched ignoring case and spaces. */
  names: string[];
  /** EU value set disease-agent-targeted (SNOMED CT), e.g. `840539006` for COVID-19. */
  tg: string;
  /** EU vaccine-prophylaxis code that fits any vaccine against it, used only for local vaccines (allowLocalCodes). */
  vp?: string;
}

/** One local vaccine and its EU DCC codes. */
export interface VaccineMapping {
  /** Local codes and display names (`vaccination.vaccine`), matched ignoring case and spaces. */
  names: string[];
  /** Disease targeted, used when the record has no `prophylaxis`. */
  tg: string;
  /** EU value set vaccine-prophylaxis (SNOMED CT), e.g. `1119349007`. */
  vp: string;
  /** EU value set vaccine-medicinal-product, e.g. `EU/1/20/1528`. */
  mp: string;
  /** EU value set vaccine-mah-manf, e.g. `ORG-100030215`. */
  ma: string;
}

/** One local test type and its EU code. */
export interface TestTypeMapping {
  /** Local names (`test.testType`), e.g. `RT-PCR`. */
  names: string[];
  /** EU value set test-type (LOINC): `LP6464-4` (NAAT) or `LP217198-3` (rapid antigen). */
  tt: 'LP6464-4' | 'LP217198-3';
}

/** One rapid antigen test device and its id in the EU (JRC) device list. */
export interface TestDeviceMapping {
  /** Local names (`test.testName`). */
  names: string[];
  /** EU value set test-manf (the device id), e.g. `1232`. */
  ma: string;
}

/** How a country's codes become EU DCC value-set codes. Read with {@link parseDccValueSets}. */
export interface DccValueSets {
  /** Where the codes come from (documentation only). */
  source?: string;
  /**
   * When true, a vaccine without an EU mapping is issued with its local name as `mp` and its local manufacturer as
   * `ma` (and its disease's generic `vp`); when false (default) it is an error.
   */
  allowLocalCodes: boolean;
  diseases: DiseaseMapping[];
  vaccines: VaccineMapping[];
  testTypes: TestTypeMapping[];
  testDevices: TestDeviceMapping[];
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function code(entry: Json, key: string, path: string, pattern: RegExp, expected: string): string {
  const value = entry[key];
  if (typeof value !== 'string' || !pattern.test(value)) throw invalidInput(`${path}.${key}`, `must be ${expected}.`);
  return value;
}

function optionalCode(entry: Json, key: string, path: string, pattern: RegExp, expected: string): string | undefined {
  return entry[key] === undefined ? undefined : code(entry, key, path, pattern, expected);
}

function onlyKeys(entry: Json, keys: string[], path: string): void {
  const extra = Object.keys(entry).find((key) => !keys.includes(key));
  if (extra !== undefined) throw invalidInput(`${path}.${extra}`, `is not a known field (expected: ${keys.join(', ')}).`);
}

/** Lower case, spaces collapsed: how names are compared. */
export function nameKey(name: string): string {
  return name.normalize('NFC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

function readList<T>(json: Json, key: string, path: string, keys: string[], read: (entry: Json, at: string) => T):
  Array<T & { names: string[] }> {
  const list = json[key] ?? [];
  if (!Array.isArray(list)) throw invalidInput(`${path}.${key}`, 'must be an array.');
  const seen = new Set<string>();
  return list.map((entry: unknown, index) => {
    const at = `${path}.${key}[${index}]`;
    if (!isObject(entry)) throw invalidInput(at, 'must be an object.');
    onlyKeys(entry, ['names', 'note', ...keys], at);
    const names = entry.names;
    if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === 'string' && n.trim() !== '')) {
      throw invalidInput(`${at}.names`, 'must be a non-empty array of non-empty strings.');
    }
    for (const name of names as string[]) {
      if (seen.has(nameKey(name))) throw invalidInput(`${at}.names`, `repeats "${name}", already mapped in ${path}.${key}.`);
      seen.add(nameKey(name));
    }
    return { names: names as string[], ...read(entry, at) };
  });
}

const SNOMED = /^\d{6,18}$/;
const NON_EMPTY = /^\S(?:.{0,78}\S)?$/;
const VP = /^(?:\d{6,18}|J07BX03)$/;

/**
 * Reads and checks a value-set configuration (e.g. the JSON of `mappings/covac-eu-dcc.json`).
 * @throws HealthcredError `invalid_input` naming the offending field (`valueSets.vaccines[2].mp`, ...).
 */
export function parseDccValueSets(json: unknown): DccValueSets {
  const path = 'valueSets';
  if (!isObject(json)) throw invalidInput(path, 'must be a JSON object.');
  onlyKeys(json, ['source', 'description', 'allowLocalCodes', 'diseases', 'vaccines', 'testTypes', 'testDevices'], path);
  const allow = json.allowLocalCodes ?? false;
  if (typeof allow !== 'boolean') throw invalidInput(`${path}.allowLocalCodes`, 'must be true or false.');
  if (json.source !== undefined && typeof json.source !== 'string') throw invalidInput(`${path}.source`, 'must be a string.');
  const valueSets: DccValueSets = {
    allowLocalCodes: allow,
    diseases: readList(json, 'diseases', path, ['tg', 'vp'], (e, at) => {
      const vp = optionalCode(e, 'vp', at, VP, 'an EU vaccine-prophylaxis code');
      return { tg: code(e, 'tg', at, SNOMED, 'a SNOMED CT code, e.g. 840539006'), ...(vp === undefined ? {} : { vp }) };
    }),
    vaccines: readList(json, 'vaccines', path, ['tg', 'vp', 'mp', 'ma'], (e, at) => ({
      tg: code(e, 'tg', at, SNOMED, 'a SNOMED CT code, e.g. 840539006'),
      vp: code(e, 'vp', at, VP, 'an EU vaccine-prophylaxis code, e.g. 1119349007'),
      mp: code(e, 'mp', at, NON_EMPTY, 'an EU vaccine-medicinal-product code, e.g. EU/1/20/1528'),
      ma: code(e, 'ma', at, NON_EMPTY, 'an EU vaccine-mah-manf code, e.g. ORG-100030215'),
    })),
    testTypes: readList(json, 'testTypes', path, ['tt'], (e, at) => ({
      tt: code(e, 'tt', at, /^(?:LP6464-4|LP217198-3)$/, 'LP6464-4 (NAAT) or LP217198-3 (rapid antigen)') as TestTypeMapping['tt'],
    })),
    testDevices: readList(json, 'testDevices', path, ['ma'], (e, at) => ({
      ma: code(e, 'ma', at, /^\d{1,10}$/, 'an EU test-manf device id, e.g. 1232'),
    })),
  };
  return typeof json.source === 'string' ? { source: json.source, ...valueSets } : valueSets;
}
