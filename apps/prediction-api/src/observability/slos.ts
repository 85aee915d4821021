import type { RuleOptions, SloDefinition } from '@app/observability';

/**
 * The sample service's SLOs: the one source of its histogram buckets, recording rules, alerts and
 * dashboard (`npm run observability -- rules` regenerates deploy/prometheus from here).
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
];

/** Where the generated alerts point, and the scrape job they watch. */
export const RULE_OPTIONS: RuleOptions = {
  job: 'prediction-api',
  runbookBaseUrl: 'https://runbooks.example.com/prediction-api',
  dashboardUrl: 'https://grafana.example.com/d/prediction-api',
};
