import type { TestResultValue } from '@healthcred/types';
import { invalidInput } from './fail.js';
import { nameKey, type DccValueSets, type VaccineMapping } from './value-sets.js';

/** EU value set test-result (SNOMED CT). Inconclusive results have no code: they cannot be a DCC. */
const TEST_RESULTS: Partial<Record<TestResultValue, string>> = { Negative: '260415000', Positive: '260373001' };

function find<T extends { names: string[] }>(list: T[], name: string | undefined): T | undefined {
  if (name === undefined) return undefined;
  const key = nameKey(name);
  return list.find((entry) => entry.names.some((candidate) => nameKey(candidate) === key));
}

/** The EU mapping of a vaccine name, if any. */
export function findVaccine(valueSets: DccValueSets, vaccine: string): VaccineMapping | undefined {
  return find(valueSets.vaccines, vaccine);
}

/** The EU `tg` of a disease name. @throws HealthcredError `invalid_input` naming `field` when it has no mapping. */
export function lookUpDisease(valueSets: DccValueSets, name: string, field: string): { tg: string; vp?: string } {
  const found = find(valueSets.diseases, name);
  if (!found) throw invalidInput(field, `"${name}" has no EU disease-agent-targeted code in the value sets (diseases).`);
  return found;
}

/**
 * The EU `tg`, `vp`, `mp`, `ma` of a vaccination. An unmapped vaccine is an error unless `allowLocalCodes`, when it
 * keeps its local name and manufacturer and gets its disease's generic `vp`.
 * @throws HealthcredError `invalid_input` naming `vaccination.vaccine` or `vaccination.prophylaxis`.
 */
export function lookUpVaccine(valueSets: DccValueSets, vaccination: { vaccine: string; manufacturer: string; prophylaxis?: string }):
  { tg: string; vp: string; mp: string; ma: string } {
  const disease = vaccination.prophylaxis === undefined ? undefined
    : lookUpDisease(valueSets, vaccination.prophylaxis, 'vaccination.prophylaxis');
  const found = find(valueSets.vaccines, vaccination.vaccine);
  if (found) return { tg: disease?.tg ?? found.tg, vp: found.vp, mp: found.mp, ma: found.ma };
  if (!valueSets.allowLocalCodes) {
    throw invalidInput('vaccination.vaccine', `"${vaccination.vaccine}" has no EU DCC vaccine code in the value sets; add it to ` +
      'vaccines (mp, ma, vp) or set allowLocalCodes to issue it with its local name.');
  }
  if (disease?.vp === undefined) {
    throw invalidInput('vaccination.prophylaxis', `a local vaccine ("${vaccination.vaccine}") needs a prophylaxis whose disease ` +
      'mapping has a generic vp.');
  }
  return { tg: disease.tg, vp: disease.vp, mp: vaccination.vaccine, ma: vaccination.manufacturer };
}

/** The EU `tt` of a test type. @throws HealthcredError `invalid_input` naming `test.testType`. */
export function lookUpTestType(valueSets: DccValueSets, testType: string): 'LP6464-4' | 'LP217198-3' {
  const found = find(valueSets.testTypes, testType);
  if (!found) throw invalidInput('test.testType', `"${testType}" has no EU test-type code in the value sets (testTypes).`);
  return found.tt;
}

/** The EU device id of a rapid antigen test, if mapped. */
export function lookUpTestDevice(valueSets: DccValueSets, testName: string | undefined): string | undefined {
  return find(valueSets.testDevices, testName)?.ma;
}

/** The EU `tr` of a result. @throws HealthcredError `invalid_input` naming `test.result` for `Inconclusive`. */
export function lookUpTestResult(result: TestResultValue): string {
  const code = TEST_RESULTS[result];
  if (code === undefined) throw invalidInput('test.result', `"${result}" has no EU test-result code; only Negative and Positive can be a DCC.`);
  return code;
}
