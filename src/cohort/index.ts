/**
 * Cohort layer: manifests, clinical/genomic tables, joins, and parallel resumable cohort extraction.
 * danfo.js is loaded only by the functions that return DataFrames (loadCohort, toDataFrame,
 * ExpressionMatrix.toDataFrame), never at import.
 */
export { readManifest, loadCohort, manifestTable, type Manifest, type ManifestRow, type ManifestColumns, type ReadManifestOptions } from "./manifest";
export { readTable, toDataFrame, takeRows, tableColumn, type DataTable, type ReadTableOptions, type Cell } from "./dataTable";
export { loadExpression, type ExpressionMatrix, type LoadExpressionOptions, type Orientation } from "./expression";
export { loadStatusTable, binaryStatus, POSITIVE_CALLS, NEGATIVE_CALLS, type BinaryStatus, type BinaryStatusOptions, type StatusTable } from "./status";
export { joinTables, extractIds, type JoinOptions, type JoinReport, type JoinResult } from "./join";
export { parseDelimited, readDelimited, MISSING_TOKENS, isMissingCell, type DelimitedText } from "./csv";
export { columnsOf, numericColumns, type TableInput, type DataFrameLike, type ColumnObject } from "./table";
export {
  extractCohort, run, cohortOutputPaths, caseKey, EXIT_OK, EXIT_SOME_FAILED,
  type CohortRunOptions, type CohortRunSummary, type CohortProgressEvent, type CaseFailure,
} from "./extractCohort";
