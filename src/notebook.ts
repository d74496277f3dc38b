// What notebooks load (through notebooks/lab.ts): the pure analyses, sources, jobs and display helpers.
export * from './analysis/index';
export { openSource } from './pipeline/open';
export { tableToObjects, numberColumn } from './pipeline/arrow';
export { toDataFrame } from './pipeline/dataframe';
export { listQueries } from './pipeline/queries';
export { resolveWeek, weeklyReport } from './jobs/weekly';
export { tableHtml, chartSvg } from './jobs/render/display';
export { experimentReadout, experimentReport, loadExperiment, EXPERIMENT_METRICS } from './jobs/experiment';
export { experimentSection, promotionChange } from './jobs/sections/experiment';
export { costReadout, costReport } from './jobs/cost';
export { costSections, costSummarySection } from './jobs/sections/cost';
export { loadCostConfig, loadWhatIf } from './pipeline/cost-config';
export { loadPrices } from './pipeline/prices';
