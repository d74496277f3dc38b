// The public, pure API of mangalab: what notebooks and reports import. No I/O happens below this folder.
export {
  isoWeek,
  isoWeekOf,
  isoWeeksInYear,
  isoDay,
  calendarMonth,
  calendarQuarter,
  lastCompleteWeek,
  previousWeek,
  weeksEnding,
  type Period,
} from './isoWeek';
export { relativeChange, type Change } from './relativeChange';
export { contractDiff, typeMatches, type ContractIssue, type ContractColumnSpec } from './contractDiff';
export { assignVariant, checkVariantWeights, sessionBucket, type VariantWeight } from './assignVariant';
export {
  betaBinomialAB,
  type BetaBinomialOptions,
  type BetaBinomialResult,
  type BetaPosterior,
  type BinomialCounts,
} from './betaBinomialAB';
export { welchTTest, type TTestResult } from './welchTTest';
export { sampleRatioMismatch, type SampleRatioResult } from './sampleRatioMismatch';
export { twoProportionZTest, type ZTestResult } from './twoProportionZTest';
export { gaussLegendre, integratePanels } from './gaussLegendre';
export { msprt, type MsprtOptions, type MsprtResult, type SequentialLook } from './msprt';
export { aaSimulation, mulberry32, type AASimulationOptions, type AASimulationResult } from './aaSimulation';
export { gaussianEffect, type GaussianEffectOptions, type GaussianEffectResult, type MeanSummary } from './gaussianEffect';
export { welchTTestSummary } from './welchTTest';
export {
  decideRate,
  decideMean,
  daysToDecision,
  DEFAULT_RULE,
  type Decision,
  type DecisionRule,
  type MetricDecision,
} from './experimentDecision';
export { betaDensity } from './betaDensity';
export { trailingSpikes, type DailyValue, type TrailingSpikeDay, type TrailingSpikeOptions } from './trailingSpikes';
export { bypassSavings, type BypassSavingsOptions, type BypassSavingsResult, type IntentBypass, type IntentTurns } from './bypassSavings';
export { throughputReview, type InferenceSplit, type ThroughputReview, type ThroughputReviewOptions } from './throughputReview';
export { classificationReport, type ClassificationReport, type ClassScores } from './classificationReport';
export { porterStem } from './porterStem';
export { rougeTokenize } from './rougeTokenize';
export { rougeL, type RougeScore } from './rougeL';
export { bertScore, type BertScoreOptions, type BertScoreResult, type TokenEmbedder, type TokenEmbedding } from './bertScore';
export { evaluateGates, type GateSpec, type GateResult, type GatesOutcome, type MetricValue } from './evaluateGates';
export { formatCompliance, type FormatRules, type FormatCheck } from './formatCompliance';
export { matchElements, elementLabel, type ElementSpec, type ElementMatch } from './matchElements';
export {
  goldenComposition,
  GOLDEN_TARGET_SHARES,
  type GoldenComposition,
  type CompositionRow,
  type CompositionOptions,
} from './goldenComposition';
export { redactPii, PII_PATTERNS, PII_TYPES, type Redaction, type PiiType, type PiiMatch, type RedactOptions } from './redactPii';
export { goldenRefresh, type GoldenRefreshPlan, type RefreshCandidate, type RefreshEntry } from './goldenRefresh';
export { chunkText, checkChunkOptions, type ChunkOptions, type TextChunk, type Tokenizer } from './chunkText';
export { createBm25Index, type Bm25Hit, type Bm25Index, type Bm25Options } from './bm25Index';
export { retrievalMetrics, type RankedResult, type RetrievalMetrics, type QueryRetrievalScores } from './retrievalMetrics';
export { reciprocalRankFusion } from './reciprocalRankFusion';
export { chunkUsage, type ChunkUsage } from './chunkUsage';
export { chunkUsageTrend, type ChunkUsageTrend, type ChunkUsageWeek, type WeekRetrievals } from './chunkUsageTrend';
export { mcnemarExact, type McNemarResult } from './mcnemarExact';
export { comparePaired, type PairedComparison, type PairedKind } from './comparePaired';
export { pairedBootstrap, type PairedBootstrapOptions, type PairedBootstrapResult } from './pairedBootstrap';
export { quantileSorted } from './quantileSorted';
export { adjustPValues, type PValueCorrection } from './adjustPValues';
export {
  correctComparisons,
  type Comparison,
  type CorrectedComparison,
  type CorrectionOptions,
  type CorrectionScope,
} from './correctComparisons';
export { cupedAdjust, type CovariateSums, type CupedArm, type CupedResult } from './cupedAdjust';
export { gaussianMsprt, type GaussianMsprtOptions } from './gaussianMsprt';
export { deltaMethodRatio, type RatioEstimate, type RatioSums } from './deltaMethodRatio';
export { pairedClassF1, type ClassF1Change, type PairedClassF1Options } from './pairedClassF1';
export { repeatVariance, type RepeatVariance } from './repeatVariance';
export { staleChunks, type IndexedChunk, type StaleChunk } from './staleChunks';
export { ksTwoSample, type KsAlternative, type KsTwoSampleResult } from './ksTwoSample';
export { ksTwoSampleCounts, type ValueCounts } from './ksTwoSampleCounts';
export { ksTwoSamplePValue } from './ksTwoSamplePValue';
export { kstwoSf, smirnovSf } from './kstwoSf';
export { wassersteinDistance } from './wassersteinDistance';
export { toValueCounts } from './toValueCounts';
export { sortedSample } from './sortedSample';
export { psi, type PsiBin, type PsiOptions, type PsiResult } from './psi';
export { jensenShannonDistance } from './jensenShannonDistance';
export { chiSquareGoodnessOfFit, type ChiSquareResult } from './chiSquareGoodnessOfFit';
export { intentDrift, type IntentDriftOptions, type IntentDriftResult, type IntentShift } from './intentDrift';
export { binomialUpperTail } from './binomialUpperTail';
export { canaryAnalysis, type CanaryArm, type CanaryOptions, type CanaryResult, type CanaryRule } from './canaryAnalysis';
export { shadowVerdict, type ShadowCriterion, type ShadowOptions, type ShadowResult, type ShadowSummary } from './shadowVerdict';
export { retrainingTrigger, type RetrainingInputs, type RetrainingOptions, type RetrainingRecommendation } from './retrainingTrigger';
export {
  alertLines,
  evaluateAlertRule,
  perWindowAlpha,
  type AlertEvaluation,
  type AlertKind,
  type AlertRule,
  type AlertTier,
  type WindowJudgement,
  type WindowValue,
} from './evaluateAlertRule';
export { thresholdTest, type ThresholdTest, type WindowStatistic } from './thresholdTest';
export { poolWindowStatistics } from './poolWindowStatistics';
export { checkVectors } from './checkVectors';
export {
  embeddingDrift,
  EMBEDDING_DETECTORS,
  type DetectorOutcome,
  type EmbeddingDetector,
  type EmbeddingDriftOptions,
  type EmbeddingDriftResult,
} from './embeddingDrift';
export { perDimensionDrift, type DimensionShift, type PerDimensionDriftResult } from './perDimensionDrift';
export { domainClassifierDrift, type DomainClassifierDriftResult } from './domainClassifierDrift';
export { mmdTest, type MmdTestResult } from './mmdTest';
export { logisticRegression, logisticScores, type LogisticRegressionModel } from './logisticRegression';
export { aucFromRanks, rocAuc } from './rocAuc';
export { permutationPValue } from './permutationPValue';
export { shuffleInPlace } from './shuffleInPlace';
export { memoTokenizer } from './memoTokenizer';
export { calibrateDetectors, type AlertScenario, type CalibrationOptions, type CalibrationRow } from './calibrateDetectors';
export { cohenKappa, type CohenKappaOptions, type KappaWeights } from './cohenKappa';
export { averageRanks } from './averageRanks';
export { spearman, type SpearmanResult } from './spearman';
export { labelAgreement, type LabelAgreement } from './labelAgreement';
export {
  judgeReliability,
  type JudgeLabel,
  type JudgeReliability,
  type JudgeReliabilityInput,
  type JudgeReliabilityOptions,
  type PassAgreement,
  type SelfPreferenceCheck,
} from './judgeReliability';
export { modelFamily } from './modelFamily';
export { wilsonInterval, type WilsonInterval } from './wilsonInterval';
export { FAILURE_CATEGORIES, isFailureCategory, type FailureCategory } from './failureCategories';
export { categorizeFailure, type CategorizedFailure, type FailureSignals } from './categorizeFailure';
export { parseFailureCategories, type ParsedCategories } from './parseFailureCategories';
export { errorSummary, type CategoryCount, type CategorySummary, type ErrorSummary, type ImpactOptions } from './errorSummary';
export { validateAnnotations, LIKERT_DIMENSIONS, type Annotation, type AnnotationIssue, type LikertDimension } from './annotationSchema';
export { annotationAgreement, type AnnotationAgreement, type DimensionAgreement } from './annotationAgreement';
export { nearDuplicates, type NearDuplicateOptions, type NearDuplicateResult } from './nearDuplicates';
export {
  promotionEvidence,
  ARTEFACT_KINDS,
  type ArtefactKind,
  type ConsideredRun,
  type EvidenceRun,
  type PromotionEvidence,
  type VersionRef,
} from './promotionEvidence';
export { canonicalJson } from './canonicalJson';
export { changeVerdict, type Better, type ChangeVerdict } from './changeVerdict';
export { findingChanges, type FindingChangesResult, type Streak, type TrackedFinding } from './findingChanges';
export { findingKey } from './findingKey';
export { rankFindings, type RankableFinding, type RankedFinding } from './rankFindings';
