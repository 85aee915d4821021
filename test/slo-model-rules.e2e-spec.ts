import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SloDefinition } from 'nestjs-observability';
import { generatePrometheusFiles } from 'nestjs-observability/slo';

const SLOS: SloDefinition[] = [
  {
    name: 'model-accuracy',
    type: 'accuracy',
    target: { kind: 'model', modelVersion: '1.0.0' },
    objective: 0.95,
    window: '7d',
    description: 'Predictions given feedback are right',
  },
  {
    name: 'input-drift',
    type: 'drift',
    target: { kind: 'model', modelVersion: '1.0.0' },
    objective: 0.99,
    window: '30d',
    sustainedFor: '10m',
    description: 'Inputs look like the training data',
  },
];

const series = (feature: string, values: string) =>
  `      - series: 'model_feature_drift{job="prediction-api",model_version="1.0.0",feature="${feature}",method="psi"}'\n        values: '${values}'`;

/** promtool unit tests of the generated accuracy and drift rules, in simulated time. */
const TESTS = `rule_files:
  - slo-rules.yml
evaluation_interval: 1m
# Alerts read the recorded series: record first, as Prometheus does across evaluations.
group_eval_order:
  - slo-recording-model-accuracy
  - slo-recording-input-drift
tests:
  # petalLength drifts from minute 10 on (PSI 0.5), sepalWidth stays calm (0.03).
  - interval: 1m
    input_series:
${series('petalLength', '0.05x9 0.5x60')}
${series('sepalWidth', '0.03x69')}
    promql_expr_test:
      - expr: slo:model_drift:above_act{job="prediction-api",slo="input-drift"}
        eval_time: 5m
        exp_samples: [{ labels: 'slo:model_drift:above_act{job="prediction-api",slo="input-drift"}', value: 0 }]
      - expr: slo:model_drift:above_act{job="prediction-api",slo="input-drift"}
        eval_time: 15m
        exp_samples: [{ labels: 'slo:model_drift:above_act{job="prediction-api",slo="input-drift"}', value: 1 }]
    alert_rule_test:
      - eval_time: 15m
        alertname: ModelInputDrift
        exp_alerts: []
      - eval_time: 25m
        alertname: ModelInputDrift
        exp_alerts:
          - exp_labels: { severity: ticket, job: prediction-api, slo: input-drift, method: psi, model_version: '1.0.0', feature: petalLength }
            exp_annotations:
              summary: 'prediction-api/input-drift: input petalLength of model 1.0.0 drifted above 0.2 (psi) for 10m'
              description: 'Inputs look like the training data. The recent inputs of petalLength no longer look like the training data (psi 0.500, act threshold 0.2): check the upstream data, then retrain or roll back.'
      - eval_time: 35m
        alertname: SLOErrorBudgetBurnFast
        exp_alerts:
          - exp_labels: { severity: page, job: prediction-api, slo: input-drift, windows: 1h/5m, burn_rate: '14.4' }
            exp_annotations:
              summary: 'prediction-api/input-drift: error budget burning 14.4x too fast over 1h and 5m'
              description: 'Inputs look like the training data (objective 0.99 over 30d). At this rate the whole budget lasts 2.1 days. Error ratio over 1h: 71.43%.'
          - exp_labels: { severity: page, job: prediction-api, slo: input-drift, windows: 6h/30m, burn_rate: '6' }
            exp_annotations:
              summary: 'prediction-api/input-drift: error budget burning 6x too fast over 6h and 30m'
              description: 'Inputs look like the training data (objective 0.99 over 30d). At this rate the whole budget lasts 5.0 days. Error ratio over 6h: 71.43%.'

  # In distribution: no drift alert, no budget spent.
  - interval: 1m
    input_series:
${series('petalLength', '0.05x120')}
    alert_rule_test:
      - eval_time: 2h
        alertname: ModelInputDrift
        exp_alerts: []
      - eval_time: 2h
        alertname: SLOErrorBudgetBurnFast
        exp_alerts: []

  # Half the predictions given feedback are wrong: 10x the 5% budget, the 6h/30m page fires.
  - interval: 1m
    input_series:
      - series: 'model_feedback_total{job="prediction-api",model_version="1.0.0",correct="true"}'
        values: '0+5x120'
      - series: 'model_feedback_total{job="prediction-api",model_version="1.0.0",correct="false"}'
        values: '0+5x120'
    promql_expr_test:
      - expr: slo:sli_error:ratio_rate1h{job="prediction-api",slo="model-accuracy"}
        eval_time: 1h
        exp_samples: [{ labels: 'slo:sli_error:ratio_rate1h{job="prediction-api",slo="model-accuracy"}', value: 0.5 }]
    alert_rule_test:
      - eval_time: 1h
        alertname: SLOErrorBudgetBurnFast
        exp_alerts:
          - exp_labels: { severity: page, job: prediction-api, slo: model-accuracy, windows: 6h/30m, burn_rate: '6' }
            exp_annotations:
              summary: 'prediction-api/model-accuracy: error budget burning 6x too fast over 6h and 30m'
              description: 'Predictions given feedback are right (objective 0.95 over 7d). At this rate the whole budget lasts 1.2 days. Error ratio over 6h: 50%.'
`;

describe('accuracy and drift SLO rules (promtool)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'obs-model-slo-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('pass promtool check rules and its unit tests: sustained drift alerts, calm stays quiet, wrong feedback burns the budget', () => {
    const files = generatePrometheusFiles(SLOS, { job: 'prediction-api' });
    writeFileSync(join(dir, 'slo-rules.yml'), files['slo-rules.yml'] ?? '');
    writeFileSync(join(dir, 'tests.yml'), TESTS);
    const run = (...args: string[]) => {
      try {
        return execFileSync('promtool', args, { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
      } catch (error) {
        const e = error as { stdout: string; stderr: string };
        throw new Error(`promtool ${args.join(' ')}:\n${e.stdout}${e.stderr}`, { cause: error });
      }
    };
    expect(run('check', 'rules', 'slo-rules.yml')).toMatch(/SUCCESS: \d+ rules found/);
    expect(run('test', 'rules', 'tests.yml')).toContain('SUCCESS');
  });

  it("the sample's committed rules pass their promtool unit tests (deploy/prometheus/tests/model-slo-alerts.test.yml)", () => {
    const tests = join(__dirname, '../deploy/prometheus/tests/model-slo-alerts.test.yml');
    expect(
      execFileSync('promtool', ['test', 'rules', tests], { encoding: 'utf8', stdio: 'pipe' }),
    ).toContain('SUCCESS');
  });
});
