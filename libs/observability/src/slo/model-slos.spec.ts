import type { PrometheusRule } from './prometheus-rules';
import { sloAlertRules, sloRecordingRules } from './prometheus-rules';
import { dashboardRows } from './dashboard-panels';
import type { SloDefinition } from './slo.interface';
import { validateSlos } from './validate-slos';

const OPTIONS = { job: 'prediction-api' };

const accuracy: SloDefinition = {
  name: 'model-accuracy',
  type: 'accuracy',
  target: { kind: 'model', modelVersion: '1.0.0' },
  objective: 0.9,
  window: '7d',
};

const drift: SloDefinition = {
  name: 'input-drift',
  type: 'drift',
  target: { kind: 'model' },
  objective: 0.99,
  window: '30d',
  thresholds: { watch: 0.1, act: 0.25 },
  sustainedFor: '10m',
};

const record = (rules: readonly PrometheusRule[], name: string) =>
  rules.find((r) => 'record' in r && r.record === name)?.expr;

describe('accuracy and drift SLOs', () => {
  it('accuracy: the wrong share of the predictions given feedback, scoped to the model version', () => {
    const [group] = sloRecordingRules([accuracy], OPTIONS);
    expect(record(group?.rules ?? [], 'slo:sli_error:ratio_rate5m')).toBe(
      '(sum(rate(model_feedback_total{job="prediction-api",model_version="1.0.0",correct="false"}[5m])) or 0 * sum(rate(model_feedback_total{job="prediction-api",model_version="1.0.0"}[5m])))\n/\nsum(rate(model_feedback_total{job="prediction-api",model_version="1.0.0"}[5m]))',
    );
    const alerts = sloAlertRules([accuracy], OPTIONS).flatMap((g) => g.rules);
    expect(alerts.map((a) => ('alert' in a ? a.alert : ''))).toEqual([
      'SLOErrorBudgetBurnFast',
      'SLOErrorBudgetBurnFast',
      'SLOErrorBudgetBurnSlow',
      'SLOErrorBudgetBurnSlow',
    ]);
  });

  it('drift: records the largest drift by input and whether any is above act, before the ratios', () => {
    const [group] = sloRecordingRules([drift], OPTIONS);
    const rules = group?.rules ?? [];
    expect(rules.slice(0, 2)).toEqual([
      {
        record: 'slo:model_feature_drift:max',
        expr: 'max by (model_version, feature) (model_feature_drift{job="prediction-api",method="psi"})',
        labels: { job: 'prediction-api', slo: 'input-drift' },
      },
      {
        record: 'slo:model_drift:above_act',
        expr: '(max(slo:model_feature_drift:max{job="prediction-api",slo="input-drift"}) > bool 0.25) or vector(0)',
        labels: { job: 'prediction-api', slo: 'input-drift' },
      },
    ]);
    expect(record(rules, 'slo:sli_error:ratio_rate1h')).toBe(
      'sum(sum_over_time(slo:model_drift:above_act{job="prediction-api",slo="input-drift"}[1h]))\n/\nsum(count_over_time(slo:model_drift:above_act{job="prediction-api",slo="input-drift"}[1h]))',
    );
  });

  it('drift: alerts on an input above act for sustainedFor, beside the burn-rate alerts', () => {
    const groups = sloAlertRules([drift], { ...OPTIONS, runbookBaseUrl: 'https://runbooks' });
    expect(groups.map((g) => g.name)).toEqual([
      'slo-alerts-input-drift',
      'slo-drift-alerts-input-drift',
    ]);
    const [alert] = groups[1]?.rules ?? [];
    expect(alert).toMatchObject({
      alert: 'ModelInputDrift',
      expr: 'slo:model_feature_drift:max{job="prediction-api",slo="input-drift"} > 0.25',
      for: '10m',
      labels: { severity: 'ticket', job: 'prediction-api', slo: 'input-drift', method: 'psi' },
      annotations: { runbook_url: 'https://runbooks/input-drift' },
    });
  });

  it('drift defaults: psi, watch 0.1, act 0.2, 15 minutes', () => {
    const plain: SloDefinition = { ...drift, thresholds: undefined, sustainedFor: undefined };
    const [, group] = sloAlertRules([plain], OPTIONS);
    expect(group?.rules[0]).toMatchObject({
      expr: 'slo:model_feature_drift:max{job="prediction-api",slo="input-drift"} > 0.2',
      for: '15m',
    });
  });

  it('adds one dashboard row per watched model, with the thresholds of its drift SLO', () => {
    const rows = dashboardRows([accuracy, drift], OPTIONS).filter((r) =>
      r.title.startsWith('Model '),
    );
    expect(rows.map((r) => r.title)).toEqual([
      'Model 1.0.0: drift, data quality, accuracy',
      'Model (every version): drift, data quality, accuracy',
    ]);
    const driftPanel = rows[1]?.panels[0];
    expect(driftPanel?.queries.map((q) => q.expr)).toEqual([
      'max by (model_version, feature) (model_feature_drift{job="$job",instance=~"$instance",method="psi"})',
      'vector(0.1)',
      'vector(0.25)',
    ]);
    expect(rows[0]?.panels[3]?.queries[0]?.expr).toBe(
      'sum by (model_version) (rate(model_feedback_total{job="$job",instance=~"$instance",model_version="1.0.0",correct="true"}[1h])) / sum by (model_version) (rate(model_feedback_total{job="$job",instance=~"$instance",model_version="1.0.0"}[1h]))',
    );
  });

  it('validates: model targets only with accuracy or drift, drift fields only on drift', () => {
    const problems = validateSlos([
      { ...accuracy, target: { kind: 'http' } },
      { ...drift, name: 'b', type: 'availability' },
      { ...accuracy, name: 'c', method: 'psi', thresholdSeconds: 1 },
      {
        ...drift,
        name: 'd',
        method: 'chi2',
        thresholds: { watch: 0.3, act: 0.2 },
        sustainedFor: 'soon',
      },
      { ...drift, name: 'e', target: { kind: 'model', modelVersion: '' } },
    ]);
    expect(problems.map((p) => p.option)).toEqual([
      'slos[0].target',
      'slos[1].type',
      'slos[1].thresholds',
      'slos[1].sustainedFor',
      'slos[2].thresholdSeconds',
      'slos[2].method',
      'slos[3].method',
      'slos[3].thresholds',
      'slos[3].sustainedFor',
      'slos[4].target.modelVersion',
    ]);
    expect(validateSlos([accuracy, drift])).toEqual([]);
  });
});
