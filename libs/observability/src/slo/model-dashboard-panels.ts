import { METRIC_NAMES } from '../naming/metric-names';
import type { PanelSpec, RowSpec } from './dashboard-panels';
import { PANEL_MATCHERS } from './dashboard-panels';
import { driftSettings, modelMatchers } from './model-slos';
import type { SloDefinition } from './slo.interface';

/** A time series that shows `noValue` while its series do not exist yet. */
const ts = (
  title: string,
  unit: string,
  queries: PanelSpec['queries'],
  noValue: string,
): PanelSpec => ({ title, kind: 'timeseries', unit, queries, noValue });

/**
 * One dashboard row per model that accuracy or drift SLOs watch (each `modelVersion` named, or
 * every version): drift by feature against the SLO's thresholds, the predicted classes' drift
 * against the training priors, data quality by feature, and accuracy among the predictions given
 * feedback.
 *
 * @internal
 */
export function modelRows(slos: readonly SloDefinition[]): RowSpec[] {
  const models = new Map<string, SloDefinition[]>();
  for (const slo of slos) {
    if (slo.target.kind !== 'model') continue;
    const key = slo.target.modelVersion ?? '';
    models.set(key, [...(models.get(key) ?? []), slo]);
  }
  return [...models].map(([version, modelSlos]) => {
    const scope = modelMatchers(modelSlos[0] as SloDefinition, PANEL_MATCHERS);
    const sel = (...extra: string[]) => `{${[...scope, ...extra].join(',')}}`;
    const drift = modelSlos.find((s) => s.type === 'drift');
    const { method, thresholds } = driftSettings(drift ?? (modelSlos[0] as SloDefinition));
    const feedback = METRIC_NAMES.modelFeedback;
    return {
      title: `Model ${version === '' ? '(every version)' : version}: drift, data quality, accuracy`,
      panels: [
        ts(
          `Input drift by feature (${method})`,
          'short',
          [
            {
              expr: `max by (model_version, feature) (${METRIC_NAMES.featureDrift}${sel(`method="${method}"`)})`,
              legend: '{{feature}} ({{model_version}})',
            },
            ...(drift === undefined
              ? []
              : [
                  { expr: `vector(${thresholds.watch})`, legend: 'watch' },
                  { expr: `vector(${thresholds.act})`, legend: 'act' },
                ]),
          ],
          'not enough predictions yet (minSamples)',
        ),
        ts(
          'Predicted classes against training: class mix and prediction drift',
          'short',
          [
            {
              expr: `max by (model_version, class, source) (${METRIC_NAMES.classRatio}${sel()})`,
              legend: '{{class}} {{source}} ({{model_version}})',
            },
            {
              expr: `max by (model_version, method) (${METRIC_NAMES.predictionDrift}${sel()})`,
              legend: 'drift {{method}} ({{model_version}})',
            },
          ],
          'not enough predictions yet (minSamples)',
        ),
        ts(
          'Data quality: values out of range and missing, by feature',
          'reqps',
          [
            {
              expr: `sum by (feature) (rate(${METRIC_NAMES.featureOutOfRange}${sel()}[$__rate_interval]))`,
              legend: 'out of range: {{feature}}',
            },
            {
              expr: `sum by (feature) (rate(${METRIC_NAMES.featureMissing}${sel()}[$__rate_interval]))`,
              legend: 'missing: {{feature}}',
            },
          ],
          '0',
        ),
        ts(
          'Accuracy among predictions given feedback (1h)',
          'percentunit',
          [
            {
              expr: `sum by (model_version) (rate(${feedback}${sel('correct="true"')}[1h])) / sum by (model_version) (rate(${feedback}${sel()}[1h]))`,
              legend: '{{model_version}}',
            },
          ],
          'no feedback yet',
        ),
      ],
    };
  });
}
