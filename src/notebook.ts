// What notebooks load (through notebooks/lab.ts): the pure analyses, sources, jobs and display helpers.
export * from './analysis/index';
export { openSource } from './pipeline/open';
export { tableToObjects, numberColumn } from './pipeline/arrow';
export { toDataFrame } from './pipeline/dataframe';
export { listQueries } from './pipeline/queries';
export { resolveWeek, weeklyReport } from './jobs/weekly/report';
export { tableHtml, chartSvg } from './jobs/render/display';
export { experimentReadout, loadExperiment, EXPERIMENT_METRICS } from './jobs/experiments/readout';
export { loadExperimentsConfig } from './pipeline/experiments-config';
export { experimentReport } from './jobs/experiments/report';
export { experimentSection, promotionChange } from './jobs/experiments/sections';
export { costReadout } from './jobs/cost/readout';
export { costReport } from './jobs/cost/report';
export { costSections, costSummarySection } from './jobs/cost/sections';
export { loadCostConfig, loadWhatIf } from './pipeline/cost-config';
export { loadPrices } from './pipeline/prices';
export { evalRun, scoreRun, summarizeEntries } from './jobs/quality/readout';
export { evalSections, confusionChart } from './jobs/quality/sections';
export { fileResponder } from './pipeline/responders';
export { ResultsStore } from './pipeline/results-store';
export { loadGoldenSet, readGoldenSet, referencedProducts } from './pipeline/golden';
export { loadPredictions, loadEvalConfig } from './pipeline/eval-inputs';
export { writeSampleGolden, sampleGoldenEntries, samplePredictions } from './pipeline/golden-seed';
export { modelDirProvider } from './pipeline/bertscore-model';
export { paths } from './pipeline/paths';
export {
  runChunkGrid,
  buildChunks,
  relevantChunks,
  SEED_GRID,
  bm25Retriever,
  hybridRetriever,
  productionChunkUsage,
} from './jobs/retrieval/readout';
export { chunkGridSections } from './jobs/retrieval/sections';
export { loadRetrievalInputs, retrieverFor } from './jobs/retrieval/command';
export { loadCorpus, loadRetrievalQueries } from './pipeline/kb';
export { writeSampleKnowledgeBase, sampleKnowledgeBase } from './pipeline/kb-seed';
export { chunkTokenizer, loadRetrievalConfig } from './pipeline/retrieval-config';
export { driftReadout, monitoringReadout, canaryReadout } from './jobs/monitoring/readout';
export { metricValue, pooledValue } from './jobs/monitoring/alerts';
export { driftReport, driftPart } from './jobs/monitoring/report';
export { driftSection } from './jobs/monitoring/drift-sections';
export { monitoringSection } from './jobs/monitoring/sections';
export { loadMonitoringConfig } from './pipeline/monitoring-config';
export { searchTraces, traceLineage, formatLineage } from './jobs/traces/readout';
export { errorsReadout, errorParams } from './jobs/errors/readout';
export { errorsReport, errorsPart } from './jobs/errors/report';
export { WEEKLY_PARTS } from './jobs/weekly/report';
export { partSections, weeklyPart, type WeeklyPart } from './jobs/weekly/part';
export { errorsSection, CATEGORY_ACTIONS } from './jobs/errors/sections';
export { humanEvalReadout, humanEvalSample } from './jobs/human-eval/readout';
export { humanEvalSection } from './jobs/human-eval/sections';
export { flywheelReport } from './jobs/errors/flywheel';
export { loadErrorsConfig } from './pipeline/errors-config';
export { judgeCheck, saveJudgeRecord } from './jobs/judges/readout';
export { judgeSection } from './jobs/judges/sections';
export { judgeTrust } from './jobs/judges/trust';
export { Registry } from './pipeline/registry-store';
export { specFromPromptFile, specFromFlags, specFromModelCard } from './pipeline/registry-input';
export { registerVersion, changeStage, versionEvidence } from './jobs/registry/registry';
export { entryLines } from './jobs/registry/show';
export { AuditLog } from './pipeline/audit';
