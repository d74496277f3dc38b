// The public, pure API of mangalab: what notebooks and reports import. No I/O happens below this folder.
export { isoWeek, isoWeekOf, isoWeeksInYear, isoDay, lastCompleteWeek, previousWeek, type Period } from './isoWeek';
export { relativeChange, type Change } from './relativeChange';
export { contractDiff, typeMatches, type ContractIssue, type ContractColumnSpec } from './contractDiff';
