import { METRIC_NAMES } from '../naming/metric-names';
import { promString } from './rule-options';
import type { SliQueries, SliScope } from './sli-queries';
import type { DriftMethod, DriftThresholds, SloDefinition } from './slo.interface';

/** Thresholds of a drift SLO that gives none: PSI's usual "watch" and "act". @internal */
export const DEFAULT_DRIFT_THRESHOLDS: DriftThresholds = { watch: 0.1, act: 0.2 };

/** How long drift stays above `act` before its alert fires, when the SLO does not say. @internal */
export const DEFAULT_SUSTAINED_FOR = '15m';

/** The series a drift SLO records: the largest drift of each input, and whether any is above `act`. @internal */
export const DRIFT_RECORDS = {
  featureMax: 'slo:model_feature_drift:max',
  aboveAct: 'slo:model_drift:above_act',
} as const;

/** A drift SLO's settings with their defaults. @internal */
export function driftSettings(slo: SloDefinition): {
  method: DriftMethod;
  thresholds: DriftThresholds;
  sustainedFor: string;
} {
  return {
    method: slo.method ?? 'psi',
    thresholds: slo.thresholds ?? DEFAULT_DRIFT_THRESHOLDS,
    sustainedFor: slo.sustainedFor ?? DEFAULT_SUSTAINED_FOR,
  };
}

/**
 * The matchers selecting the series of the SLO's model (every version unless it names one), after
 * `job` (a matcher such as `job="api"`, or the dashboard's `job="$job"`).
 *
 * @internal
 */
export function modelMatchers(slo: SloDefinition, job: string): string[] {
  const matchers = [job];
  if (slo.target.kind === 'model' && slo.target.modelVersion !== undefined) {
    matchers.push(`model_version=${promString(slo.target.modelVersion)}`);
  }
  return matchers;
}

/** The recorded series of one SLO of the job in `scope`. @internal */
export const sloSeries = (record: string, slo: SloDefinition, job: string): string =>
  `${record}{job=${promString(job)},slo=${promString(slo.name)}}`;

/**
 * The SLI of an accuracy or drift SLO. Accuracy: predictions given feedback, the wrong ones bad
 * (`model_feedback_total{correct="false"}`). Drift: rule evaluations, those that found an input
 * above `thresholds.act` bad (the `slo:model_drift:above_act` series its recording rules write
 * first, counted over the window).
 *
 * @internal
 */
export function modelSliQueries(slo: SloDefinition, scope: SliScope): SliQueries {
  if (slo.type === 'accuracy') {
    const feedback = (matchers: string[], w: string) =>
      `sum(rate(${METRIC_NAMES.modelFeedback}{${matchers.join(',')}}[${w}]))`;
    const scoped = modelMatchers(slo, `job=${promString(scope.job)}`);
    return {
      // No wrong answer yet means no such series: 0 wherever there is feedback, not no data.
      errors: (w) =>
        `(${feedback([...scoped, 'correct="false"'], w)} or 0 * ${feedback(scoped, w)})`,
      total: (w) => feedback(scoped, w),
    };
  }
  const above = sloSeries(DRIFT_RECORDS.aboveAct, slo, scope.job);
  return {
    errors: (w) => `sum(sum_over_time(${above}[${w}]))`,
    total: (w) => `sum(count_over_time(${above}[${w}]))`,
  };
}
