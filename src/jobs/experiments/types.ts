// The experiment readout's types: what experimentReadout computes and the experiment sections render.
import type { VariantWeight } from '../../analysis/assignVariant';
import type { BetaBinomialResult } from '../../analysis/betaBinomialAB';
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
  kind: 'rate' | 'mean';
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
  /** Read the experiment's rollup when a fresh one exists (default true); false always reads the raw tables. */
  rollup?: boolean;
  now?: () => Date;
}

export interface ArmComparison {
  treatment: string;
  metrics: {
    metric: MetricDef;
    control: number | null;
    treatmentValue: number | null;
    relativeLift: number | null;
    interval95: [number, number] | null;
    chanceBetter: number | null;
    decision: MetricDecision['decision'] | 'not_read';
    reason: string;
    frequentistP: number | null;
    alwaysValidP: number | null;
  }[];
  overall: Decision;
  overallReason: string;
  daysToDecision: number | null;
  bayes: Record<string, BetaBinomialResult>;
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
