import type { ProgrammeCount } from '@healthcred/store';
import type { OrgUnit } from '@healthcred/types';

/** Stands for a count below the threshold: never a number. */
export const SUPPRESSED = 'suppressed';

/** A count as published: the number, or {@link SUPPRESSED} when it is below the threshold. */
export type PublishedCount = number | typeof SUPPRESSED;

/** How the counts are rolled up and protected. */
export interface ReportOptions {
  /** The smallest count shown; fewer (zero included) is reported as {@link SUPPRESSED}. */
  minCell: number;
  /** Lower bounds of the age bands, ascending from 0, e.g. `[0, 12, 18, 60]` → `0-11`, `12-17`, `18-59`, `60+`. */
  ageBands: readonly number[];
  /** The org unit level the counts are rolled up to (e.g. 3, districts); undefined: the event's own org unit. */
  orgUnitLevel?: number;
  /** The known org units (with their paths), to roll up by; an org unit not among them is `unknown`. */
  orgUnits?: ReadonlyMap<string, OrgUnit>;
}

/** One published cell: a combination of the dimensions and its counts. */
export interface ReportCell {
  day: string;
  /** The org unit UID at the configured level, or `unknown`. */
  orgUnit: string;
  vaccine: string;
  dose: number;
  /** As the registry gives it, or `unknown`. */
  sex: string;
  /** An age band label such as `18-59`, or `unknown`. */
  ageBand: string;
  issued: PublishedCount;
  revoked: PublishedCount;
}

/** The published report. */
export interface ProgrammeReport {
  /** The threshold: counts below it are suppressed. */
  minCell: number;
  dimensions: readonly ['day', 'orgUnit', 'vaccine', 'dose', 'sex', 'ageBand'];
  cells: ReportCell[];
  /**
   * Sums of the numbers shown, never of suppressed cells, so that no total minus the shown cells gives a suppressed
   * one (no other totals are published).
   */
  shownTotals: { issued: number; revoked: number };
  /** How many issued and revoked counts are suppressed. */
  suppressed: { issued: number; revoked: number };
}

/** The labels of the age bands: `0-11`, ..., `60+`. */
export function ageBandLabels(bounds: readonly number[]): string[] {
  return bounds.map((low, i) => (i + 1 < bounds.length ? `${low}-${bounds[i + 1]! - 1}` : `${low}+`));
}

function ageBandOf(age: number | undefined, bounds: readonly number[], labels: readonly string[]): string {
  if (age === undefined) return 'unknown';
  let band = 'unknown';
  bounds.forEach((low, i) => { if (age >= low) band = labels[i]!; });
  return band;
}

/** The org unit at `level` on the path of `uid`: itself without a level, `unknown` when it is not known that deep. */
function rolledUp(uid: string | undefined, options: ReportOptions): string {
  if (uid === undefined) return 'unknown';
  if (options.orgUnitLevel === undefined) return uid;
  const path = options.orgUnits?.get(uid)?.path.split('/').filter(Boolean);
  return path?.[options.orgUnitLevel - 1] ?? 'unknown';
}

const publish = (count: number, minCell: number): PublishedCount => (count < minCell ? SUPPRESSED : count);

/**
 * The programme report of the store's counts: rolled up to the configured org unit level and age bands, summed per
 * cell, and every count below `minCell` replaced by {@link SUPPRESSED} (a cell whose issued count is suppressed has
 * its revoked count suppressed too). Only the cells at this one breakdown are published, with totals of what is
 * shown: a total over a suppressed cell, or a coarser breakdown, would give the suppressed count away by differencing.
 * Pure; cells sorted by their dimensions.
 */
export function programmeReport(counts: readonly ProgrammeCount[], options: ReportOptions): ProgrammeReport {
  const labels = ageBandLabels(options.ageBands);
  const cells = new Map<string, { cell: Omit<ReportCell, 'issued' | 'revoked'>; issued: number; revoked: number }>();
  for (const count of counts) {
    const cell = {
      day: count.day, orgUnit: rolledUp(count.orgUnit, options), vaccine: count.vaccine, dose: count.dose,
      sex: count.sex ?? 'unknown', ageBand: ageBandOf(count.age, options.ageBands, labels),
    };
    const key = JSON.stringify(Object.values(cell));
    const sum = cells.get(key) ?? { cell, issued: 0, revoked: 0 };
    sum.issued += count.issued;
    sum.revoked += count.revoked;
    cells.set(key, sum);
  }
  const report: ProgrammeReport = {
    minCell: options.minCell, dimensions: ['day', 'orgUnit', 'vaccine', 'dose', 'sex', 'ageBand'], cells: [],
    shownTotals: { issued: 0, revoked: 0 }, suppressed: { issued: 0, revoked: 0 },
  };
  for (const key of [...cells.keys()].sort()) {
    const { cell, issued, revoked } = cells.get(key)!;
    const shownIssued = publish(issued, options.minCell);
    const shownRevoked = shownIssued === SUPPRESSED ? SUPPRESSED : publish(revoked, options.minCell);
    for (const [measure, shown] of [['issued', shownIssued], ['revoked', shownRevoked]] as const) {
      if (shown === SUPPRESSED) report.suppressed[measure] += 1;
      else report.shownTotals[measure] += shown;
    }
    report.cells.push({ ...cell, issued: shownIssued, revoked: shownRevoked });
  }
  return report;
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The report's cells as CSV (RFC 4180, a header line, `suppressed` where a count is below the threshold). */
export function programmeReportCsv(report: ProgrammeReport): string {
  const header = [...report.dimensions, 'issued', 'revoked'];
  const lines = report.cells.map((cell) => header.map((name) => csvField(cell[name as keyof ReportCell])).join(','));
  return `${[header.join(','), ...lines].join('\r\n')}\r\n`;
}
