// The public, pure API of mangalab: what notebooks and reports import. No I/O happens below this folder.
export { isoWeek, isoWeekOf, isoWeeksInYear, isoDay, lastCompleteWeek, previousWeek, type Period } from './isoWeek';
export { relativeChange, type Change } from './relativeChange';
export { contractDiff, typeMatches, type ContractIssue, type ContractColumnSpec } from './contractDiff';
export { assignVariant, checkVariantWeights, sessionBucket, type VariantWeight } from './assignVariant';
export { betaBinomialAB, type BetaBinomialOptions, type BetaBinomialResult, type BetaPosterior, type BinomialCounts } from './betaBinomialAB';
export { welchTTest, type TTestResult } from './welchTTest';
export { sampleRatioMismatch, type ChiSquareResult } from './sampleRatioMismatch';
export { twoProportionZTest, type ZTestResult } from './twoProportionZTest';
export { gaussLegendre, integratePanels } from './gaussLegendre';
export { msprt, type MsprtOptions, type MsprtResult, type SequentialLook } from './msprt';
export { aaSimulation, mulberry32, type AASimulationOptions, type AASimulationResult } from './aaSimulation';
export { gaussianEffect, type GaussianEffectOptions, type GaussianEffectResult, type MeanSummary } from './gaussianEffect';
export { welchTTestSummary } from './welchTTest';
export { decideRate, decideMean, daysToDecision, DEFAULT_RULE, type Decision, type DecisionRule, type MetricDecision } from './experimentDecision';
export { betaDensity } from './betaDensity';
export { trailingSpikes, type DailyValue, type TrailingSpikeDay, type TrailingSpikeOptions } from './trailingSpikes';
export { bypassSavings, type BypassSavingsOptions, type BypassSavingsResult, type IntentBypass, type IntentTurns } from './bypassSavings';
export { throughputReview, type InferenceSplit, type ThroughputReview, type ThroughputReviewOptions } from './throughputReview';
