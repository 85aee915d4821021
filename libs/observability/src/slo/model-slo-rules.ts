import { METRIC_NAMES } from '../naming/metric-names';
import { DRIFT_RECORDS, driftSettings, modelMatchers, sloSeries } from './model-slos';
import type { PrometheusRule, RuleGroup } from './prometheus-rules';
import type { ResolvedRuleOptions } from './rule-options';
import { promString } from './rule-options';
import type { SloDefinition } from './slo.interface';

/**
 * The recording rules a drift SLO needs before its error ratios: the largest drift of each input
 * (by model version and feature, for the method), then whether any is above `thresholds.act`
 * (1) or not (0, also while no drift is exported yet: unknown is not counted as bad). Rules of a group run in order, so the error ratios that follow read them.
 * Other SLOs need none.
 *
 * @internal
 */
export function modelRecordingRules(
  slo: SloDefinition,
  options: ResolvedRuleOptions,
): PrometheusRule[] {
  if (slo.type !== 'drift') return [];
  const { method, thresholds } = driftSettings(slo);
  const labels = { job: options.job, slo: slo.name };
  const job = `job=${promString(options.job)}`;
  const matchers = [...modelMatchers(slo, job), `method="${method}"`].join(',');
  return [
    {
      record: DRIFT_RECORDS.featureMax,
      expr: `max by (model_version, feature) (${METRIC_NAMES.featureDrift}{${matchers}})`,
      labels,
    },
    {
      record: DRIFT_RECORDS.aboveAct,
      // Until the monitor has minSamples, no input is known to drift: the time counts as good.
      expr: `(max(${sloSeries(DRIFT_RECORDS.featureMax, slo, options.job)}) > bool ${thresholds.act}) or vector(0)`,
      labels,
    },
  ];
}

/**
 * The alert group of each drift SLO, beside its burn-rate alerts: an input whose drift stayed
 * above `thresholds.act` for `sustainedFor` (a ticket: drift asks for a retraining, not a
 * wake-up). `links` gives the runbook and dashboard annotations of an SLO.
 *
 * @internal
 */
export function driftAlertGroups(
  slos: readonly SloDefinition[],
  options: ResolvedRuleOptions,
  links: (sloName: string) => Record<string, string>,
): RuleGroup[] {
  return slos
    .filter((slo) => slo.type === 'drift')
    .map((slo) => {
      const { method, thresholds, sustainedFor } = driftSettings(slo);
      return {
        name: `slo-drift-alerts-${slo.name}`,
        rules: [
          {
            alert: 'ModelInputDrift',
            expr: `${sloSeries(DRIFT_RECORDS.featureMax, slo, options.job)} > ${thresholds.act}`,
            for: sustainedFor,
            labels: { severity: 'ticket', job: options.job, slo: slo.name, method },
            annotations: {
              summary: `${options.serviceName}/${slo.name}: input {{ $labels.feature }} of model {{ $labels.model_version }} drifted above ${thresholds.act} (${method}) for ${sustainedFor}`,
              description: `${slo.description ?? slo.name}. The recent inputs of {{ $labels.feature }} no longer look like the training data (${method} {{ $value | printf "%.3f" }}, act threshold ${thresholds.act}): check the upstream data, then retrain or roll back.`,
              ...links(slo.name),
            },
          },
        ],
      };
    });
}
