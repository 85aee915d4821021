import type { SloDefinition } from 'nestjs-observability';
import type { RowSpec, RuleOptions } from 'nestjs-observability/slo';

/**
 * The sample service's SLOs: the one source of its histogram buckets, recording rules, alerts and
 * dashboard (`npm run slo:generate` regenerates deploy/ from here).
 */
export const SLOS: readonly SloDefinition[] = [
  {
    name: 'api-availability',
    type: 'availability',
    target: { kind: 'http' },
    objective: 0.999,
    window: '30d',
    description: 'Requests to the prediction API are answered without a server error',
  },
  {
    name: 'predict-latency',
    type: 'latency',
    target: { kind: 'http', route: '/predict' },
    thresholdSeconds: 0.25,
    objective: 0.99,
    window: '30d',
    description: 'A single prediction is answered within 250 ms',
  },
  {
    name: 'inference-latency',
    type: 'latency',
    target: {
      kind: 'method',
      className: 'PredictionModel',
      methodName: 'predict',
      metric: 'model_prediction_duration_seconds',
    },
    thresholdSeconds: 0.001,
    objective: 0.999,
    window: '30d',
    description: 'Model inference on one feature vector takes under 1 ms',
  },
  {
    name: 'model-accuracy',
    type: 'accuracy',
    target: { kind: 'model' },
    objective: 0.9,
    window: '7d',
    description: 'Predictions whose true label came back (feedback) were right',
  },
  {
    name: 'input-drift',
    type: 'drift',
    target: { kind: 'model' },
    method: 'psi',
    thresholds: { watch: 0.1, act: 0.2 },
    sustainedFor: '15m',
    objective: 0.99,
    window: '30d',
    description: "The model's inputs look like its training data",
  },
  {
    // A task SLO also alerts when the task has not succeeded for twice its period (freshness).
    // The task is RETENTION_TASK (store/retention.task.ts), named here as a literal: the SLO
    // CLI loads this file with Node alone, which allows type-only imports.
    name: 'retention-freshness',
    type: 'availability',
    target: { kind: 'task', task: 'prediction-retention' },
    objective: 0.99,
    window: '30d',
    description: 'Old predictions are deleted: the retention task runs without error, on time',
  },
];

/**
 * The service the generated files watch (its series carry `job="prediction-api"`, the default
 * job: its serviceName), where Prometheus scrapes it (deploy/k8s: port 3000, the SDK's default
 * metrics path), where alerts go, and where they point.
 */
export const RULE_OPTIONS: RuleOptions = {
  serviceName: 'prediction-api',
  port: 3000,
  metricsPath: '/metrics',
  alertmanagers: ['alertmanager:9093'],
  runbookBaseUrl: 'https://runbooks.example.com/prediction-api',
  dashboardUrl: 'https://grafana.example.com/d/prediction-api',
  command: 'npm run slo:generate',
};

/** The dashboard's job and instance variables, as the generated panels select them. */
const job = 'job="$job",instance=~"$instance"';

/**
 * The model's panels on the service dashboard, beside the golden signals and the SLOs: each selects
 * the dashboard's job and instances and rates over Grafana's `$__rate_interval`.
 */
export const DASHBOARD_ROWS: readonly RowSpec[] = [
  {
    title: 'Model',
    panels: [
      {
        title: 'Predictions by class and version',
        kind: 'timeseries',
        unit: 'reqps',
        noValue: '0',
        queries: [
          {
            expr: `sum by (model_version, predicted_class) (rate(model_predictions_total{${job}}[$__rate_interval]))`,
            legend: '{{predicted_class}} ({{model_version}})',
          },
        ],
      },
      {
        title: 'Inference time p95',
        kind: 'timeseries',
        unit: 's',
        queries: [
          {
            expr: `histogram_quantile(0.95, sum by (model_version, le) (rate(model_prediction_duration_seconds_bucket{${job}}[$__rate_interval])))`,
            legend: '{{model_version}}',
          },
        ],
      },
      {
        title: 'Confidence (median of the top-class probability)',
        kind: 'timeseries',
        unit: 'percentunit',
        queries: [
          {
            expr: `histogram_quantile(0.5, sum by (model_version, le) (rate(model_prediction_confidence_bucket{${job}}[$__rate_interval])))`,
            legend: '{{model_version}}',
          },
        ],
      },
      {
        title: 'Cache lookups',
        kind: 'timeseries',
        unit: 'reqps',
        noValue: '0',
        queries: [
          {
            expr: `sum by (result) (rate(prediction_cache_requests_total{${job}}[$__rate_interval]))`,
            legend: '{{result}}',
          },
        ],
      },
      {
        title: 'Shadow model: share of inputs where it agrees with the served one',
        kind: 'timeseries',
        unit: 'percentunit',
        noValue: 'no shadow model (SHADOW_MODEL_PATH)',
        queries: [
          {
            expr: `sum by (model_version, shadow_version) (rate(model_shadow_agreement_total{${job},agree="true"}[$__rate_interval])) / sum by (model_version, shadow_version) (rate(model_shadow_agreement_total{${job}}[$__rate_interval]))`,
            legend: '{{shadow_version}} vs {{model_version}}',
          },
        ],
      },
      {
        title: 'Input validation failures by field',
        kind: 'timeseries',
        unit: 'reqps',
        noValue: '0',
        queries: [
          {
            expr: `sum by (field) (rate(input_validation_failures_total{${job}}[$__rate_interval]))`,
            legend: '{{field}}',
          },
        ],
      },
    ],
  },
];
