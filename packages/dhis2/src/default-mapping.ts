import { readFileSync } from 'node:fs';
import type { Dhis2Mapping } from './mapping-types.js';
import { parseDhis2Mapping } from './parse-mapping.js';

const DEFAULT_MAPPING = new URL('../mappings/covac-eir.json', import.meta.url);

/**
 * The shipped mapping for the DHIS2 COVAC (COVID-19 Electronic Immunization Registry) tracker package, with the
 * UIDs and option codes published by the DHIS2 metadata team (see its `source` field). Reads and validates
 * `mappings/covac-eir.json` on each call: call it once at start-up. Its `country` and `orgUnits` are examples for
 * a deployment to replace with its own file.
 *
 * @throws HealthcredError `invalid_input` when the shipped file is invalid (a packaging bug).
 */
export function loadDefaultDhis2Mapping(): Dhis2Mapping {
  return parseDhis2Mapping(JSON.parse(readFileSync(DEFAULT_MAPPING, 'utf8')), 'mappings/covac-eir.json');
}
