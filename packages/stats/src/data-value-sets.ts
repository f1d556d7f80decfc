import { InputReader } from '@healthcred/validation';
import type { ProgrammeReport, ReportCell } from './programme-report.js';

/** The measures a data element can carry. */
export type Measure = 'issued' | 'revoked';

/** Which DHIS2 aggregate data set, data elements and category option combos take the programme counts. */
export interface StatsMapping {
  dataSet: string;
  /** The data element of each measure of a vaccine and dose. */
  dataElements: { measure: Measure; vaccine: string; dose: number; dataElement: string }[];
  /** The category option combo of each sex and age band. */
  categoryOptionCombos: { sex: string; ageBand: string; categoryOptionCombo: string }[];
  /** The attribute option combo of every value; DHIS2's default when absent. */
  attributeOptionCombo?: string;
}

/** One DHIS2 data value. */
export interface DataValue {
  dataElement: string;
  period: string;
  orgUnit: string;
  categoryOptionCombo: string;
  attributeOptionCombo?: string;
  value: string;
}

/** A `POST /api/dataValueSets` body, with what could not be sent. */
export interface DataValueSetPlan {
  body: { dataSet: string; dataValues: DataValue[] };
  /** Published counts (not suppressed) whose cell has no data element, category option combo or org unit UID. */
  unmapped: number;
  /** Counts left out because they are suppressed. */
  suppressed: number;
}

const UID = { maxLength: 11, pattern: { regex: /^[A-Za-z][A-Za-z0-9]{10}$/, description: 'a DHIS2 UID (11 letters and digits)' } };

function readMapping(r: InputReader, ageBands: readonly string[]): StatsMapping {
  r.onlyKeys(['dataSet', 'dataElements', 'categoryOptionCombos', 'attributeOptionCombo']);
  const dataElements = r.field('dataElements').array({ minItems: 1, maxItems: 10_000 }).map((item) => {
    item.onlyKeys(['measure', 'vaccine', 'dose', 'dataElement']);
    return {
      measure: item.field('measure').oneOf(['issued', 'revoked'] as const), vaccine: item.field('vaccine').string({ maxLength: 200 }),
      dose: item.field('dose').integer({ min: 1, max: 20 }), dataElement: item.field('dataElement').string(UID),
    };
  });
  const categoryOptionCombos = r.field('categoryOptionCombos').array({ minItems: 1, maxItems: 10_000 }).map((item) => {
    item.onlyKeys(['sex', 'ageBand', 'categoryOptionCombo']);
    const ageBand = item.field('ageBand').string({ maxLength: 20 });
    if (!ageBands.includes(ageBand) && ageBand !== 'unknown') {
      item.field('ageBand').fail(`must be one of the configured age bands (${ageBands.join(', ')}) or unknown`);
    }
    return { sex: item.field('sex').string({ maxLength: 50 }), ageBand, categoryOptionCombo: item.field('categoryOptionCombo').string(UID) };
  });
  const attributeOptionCombo = r.field('attributeOptionCombo').optional((f) => f.string(UID));
  return { dataSet: r.field('dataSet').string(UID), dataElements, categoryOptionCombos, ...(attributeOptionCombo ? { attributeOptionCombo } : {}) };
}

/**
 * Reads and checks a stats mapping file's JSON (see {@link StatsMapping}): DHIS2 UIDs where UIDs go, measures
 * `issued`/`revoked`, doses 1-20, age bands among `ageBands` (the configured labels) or `unknown`, no unknown field.
 * @param source - Where it was read from, prefixed to the field in messages (`stats-mapping.json: mapping.dataSet`).
 * @throws HealthcredError `invalid_input` naming the file and the field.
 */
export function parseStatsMapping(json: unknown, source: string, ageBands: readonly string[]): StatsMapping {
  return readMapping(InputReader.of(json, `${source}: mapping`), ageBands);
}

/** The day `YYYY-MM-DD` as a DHIS2 daily period `yyyyMMdd`. */
const period = (day: string) => day.replace(/-/g, '');

/**
 * The data value set of a report: one value per published (not suppressed) count whose vaccine and dose have a data
 * element for its measure, whose sex and age band have a category option combo and whose org unit is a UID; values
 * landing on the same data element, period, org unit and combo are summed (all of them published numbers, so the
 * sum gives no suppressed count away). Pure.
 */
export function dataValueSetOf(report: ProgrammeReport, mapping: StatsMapping): DataValueSetPlan {
  const elements = new Map(mapping.dataElements.map((e) => [JSON.stringify([e.measure, e.vaccine, e.dose]), e.dataElement]));
  const combos = new Map(mapping.categoryOptionCombos.map((c) => [JSON.stringify([c.sex, c.ageBand]), c.categoryOptionCombo]));
  const values = new Map<string, DataValue & { sum: number }>();
  const plan: DataValueSetPlan = { body: { dataSet: mapping.dataSet, dataValues: [] }, unmapped: 0, suppressed: 0 };
  const add = (cell: ReportCell, measure: Measure) => {
    const count = cell[measure];
    if (count === 'suppressed') return void (plan.suppressed += 1);
    const dataElement = elements.get(JSON.stringify([measure, cell.vaccine, cell.dose]));
    const categoryOptionCombo = combos.get(JSON.stringify([cell.sex, cell.ageBand]));
    if (!dataElement || !categoryOptionCombo || !UID.pattern.regex.test(cell.orgUnit)) return void (plan.unmapped += 1);
    const value = { dataElement, period: period(cell.day), orgUnit: cell.orgUnit, categoryOptionCombo,
      ...(mapping.attributeOptionCombo ? { attributeOptionCombo: mapping.attributeOptionCombo } : {}) };
    const key = JSON.stringify(Object.values(value));
    const sum = values.get(key) ?? { ...value, value: '', sum: 0 };
    sum.sum += count;
    values.set(key, sum);
  };
  for (const cell of report.cells) {
    add(cell, 'issued');
    add(cell, 'revoked');
  }
  plan.body.dataValues = [...values.values()].map(({ sum, ...value }) => ({ ...value, value: String(sum) }));
  return plan;
}
