export { programmeReport, programmeReportCsv, ageBandLabels, SUPPRESSED } from './programme-report.js';
export type { ProgrammeReport, ReportCell, ReportOptions, PublishedCount } from './programme-report.js';
export { parseStatsMapping, dataValueSetOf } from './data-value-sets.js';
export type { StatsMapping, DataValue, DataValueSetPlan, Measure } from './data-value-sets.js';
