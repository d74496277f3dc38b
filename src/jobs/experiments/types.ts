// The experiment readout's types: what experimentReadout computes and the experiment sections render.
import type { VariantWeight } from '../../analysis/assignVariant';
import type { BetaBinomialResult } from '../../analysis/betaBinomialAB';
import type { CorrectedComparison, CorrectionOptions } from '../../analysis/correctComparisons';
import type { Decision, DecisionRule, MetricDecision } from '../../analysis/experimentDecision';
import type { Period } from '../../analysis/isoWeek';
import type { RollupStatus } from '../../pipeline/rollups';
import type { ReportTable } from '../report';

/** An experiment as configured in the warehouse's experiments table. */
export interface ExperimentConfig {
  id: string;
  name: string;
  status: string;
  startedAt: Date;
  endedAt: Date | null;
  variants: (VariantWeight & { prompt_version?: string; model_version?: string })[];
  primaryMetric: string;
}

/** A readout metric with its direction. */
export interface MetricDef {
  key: string;
  label: string;
  /** rate: successes over trials; mean: a per-session mean; ratio: sum over sessions of a numerator over a denominator. */
  kind: 'rate' | 'mean' | 'ratio';
  higherIsBetter: boolean;
  /** Early stopping for harm applies (US-8.5: conversion and thumbs-up). */
  critical: boolean;
}

export interface ReadoutOptions {
  /** The arm the others are compared with; default the first configured variant. */
  control?: string;
  /** Last day (UTC, inclusive) of sessions to read; default the experiment's end or the newest data. */
  until?: string;
  prior?: { alpha: number; beta: number };
  /** Mixing standard deviation of the mSPRT (see msprt). */
  tau?: number;
  rule?: DecisionRule;
  /** CUPED and multiple-testing settings; default config/experiments.json. */
  settings?: { cuped: { preDays: number; minCoverage: number }; corrections: Required<CorrectionOptions> };
  /** Read the experiment's rollup when a fresh one exists (default true); false always reads the raw tables. */
  rollup?: boolean;
  now?: () => Date;
}

/** A metric's CUPED-adjusted comparison, beside the plain one. */
export interface CupedComparison {
  control: number;
  treatment: number;
  relativeLift: number;
  interval95: [number, number];
  chanceBetter: number;
  pValue: number | null;
}

/** One metric of one treatment against the control. */
export interface MetricComparison {
  metric: MetricDef;
  control: number | null;
  treatmentValue: number | null;
  relativeLift: number | null;
  interval95: [number, number] | null;
  chanceBetter: number | null;
  decision: MetricDecision['decision'] | 'not_read';
  reason: string;
  /** The plain frequentist p-value: the z-test for a rate, Welch's test for a mean or ratio. */
  frequentistP: number | null;
  /**
   * Always-valid p-value, valid however often the readout is read: the mSPRT over the daily looks for the critical
   * rates (Holm over treatments and critical metrics), the mixture likelihood ratio at the current look for the others
   * (Holm over treatments).
   */
  alwaysValidP: number | null;
  /** The CUPED-adjusted comparison when the metric has a covariate for enough units; null otherwise. */
  cuped: CupedComparison | null;
  /** What the decision rests on: the Beta-Binomial, the Gaussian (plain means), CUPED, or the delta method (ratios). */
  basis: 'beta-binomial' | 'gaussian' | 'cuped' | 'delta-method' | null;
  /** The frequentist test on the decision's basis: relative lift, its standard error (delta method) and p-value. */
  test: { estimate: number; standardError: number; pValue: number } | null;
  /** The comparison after the multiple-testing correction (relative lift, its widened interval, adjusted p). */
  corrected: CorrectedComparison | null;
}

export interface ArmComparison {
  treatment: string;
  metrics: MetricComparison[];
  overall: Decision;
  overallReason: string;
  daysToDecision: number | null;
  bayes: Record<string, BetaBinomialResult>;
}

/** What CUPED did for one metric: its covariate, slope, variance removed and the units without a covariate. */
export interface CupedMetricSummary {
  metric: string;
  covariate: string;
  applied: boolean;
  /** Why it was not applied, or what was done with the missing covariates. */
  note: string;
  theta: number | null;
  varianceReduction: number | null;
  missingCovariate: number;
  units: number;
}

export interface Readout {
  experiment: ExperimentConfig;
  control: string;
  period: Period;
  /**
   * Sample ratio: the fixed chi-square (the trust gate, p < 0.001) and the sequential check beside it, whose p-value
   * stays valid however many daily looks were taken (sequentialSrm; `looks` days).
   */
  srm: { statistic: number; pValue: number; sequentialPValue: number; looks: number; observed: number[]; expected: number[] };
  trustworthy: boolean;
  arms: ArmComparison[];
  /** The experiment's decision over all arms: the best arm to ship and what it beats, or why none. */
  decision: { overall: Decision; bestArm: string | null; reason: string };
  cuped: { preDays: number; preFrom: Date; metrics: CupedMetricSummary[] };
  corrections: Required<CorrectionOptions> & { comparisons: number };
  segments: ReportTable;
  /** Latency percentiles per variant (descriptive). */
  latency: Record<string, { p50: number | null; p99: number | null; turns: number }>;
  sessions: Record<string, number>;
  /** Whether the aggregates came from the experiment's rollup or from the raw tables, and why. */
  rollup: RollupStatus;
  config: Record<string, unknown>;
  /** Posterior densities of the primary rate metric per variant over its 99.9% range, for the chart; null when unread. */
  posteriorCurve: { variant: string; rate: number; density: number }[] | null;
}
