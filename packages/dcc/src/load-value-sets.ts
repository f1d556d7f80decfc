import { readFileSync } from 'node:fs';
import { HealthcredError } from '@healthcred/errors';
import { parseDccValueSets, type DccValueSets } from './value-sets.js';

/** The shipped mapping of the DHIS2 COVAC vaccines to EU DCC codes (`mappings/covac-eu-dcc.json`). */
const DEFAULT_FILE = new URL('../mappings/covac-eu-dcc.json', import.meta.url);

/**
 * Reads the value sets shipped with the package: the vaccines of the default DHIS2 COVAC mapping (and other
 * common COVID-19 vaccines) with their EU value-set codes, COVID-19, RT-PCR and rapid antigen; `allowLocalCodes`
 * false. Reads the file on each call (no module state).
 * @throws HealthcredError `internal` when the shipped file is missing; `invalid_input` if it was edited badly.
 */
export function loadDefaultDccValueSets(): DccValueSets {
  let text: string;
  try {
    text = readFileSync(DEFAULT_FILE, 'utf8');
  } catch (cause) {
    throw new HealthcredError('internal', 'The shipped EU DCC value sets (mappings/covac-eu-dcc.json) are missing.', { cause });
  }
  return parseDccValueSets(JSON.parse(text));
}
