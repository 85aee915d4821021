import {
  makeCounterProvider,
  makeGaugeProvider,
  makeHistogramProvider,
} from '@willsoto/nestjs-prometheus';

/** Names of the sample service's own ML metrics (the decorators record the rest). */
export const ML_METRICS = {
  predictions: 'model_predictions_total',
  confidence: 'model_prediction_confidence',
  info: 'model_info',
  loadSeconds: 'model_load_seconds',
  cacheRequests: 'prediction_cache_requests_total',
  invalidInputs: 'input_validation_failures_total',
  predictionErrors: 'model_prediction_errors_total',
  age: 'model_age_seconds',
  loadFailures: 'model_load_failures_total',
  shadowAgreement: 'model_shadow_agreement_total',
  shadowDropped: 'model_shadow_dropped_total',
} as const;

/** Why a prediction failed: the store refused it, its outcome is unknown, or anything else. */
export const PREDICTION_ERROR_REASONS = [
  'store_unavailable',
  'store_outcome_unknown',
  'internal',
] as const;

/** When each served model was trained, in Unix seconds, by version: read at every scrape. */
export const MODEL_TRAINED_AT = new Map<string, number>();

/**
 * The ML signals no decorator can express, as prom-client metrics made by
 * @willsoto/nestjs-prometheus providers: they land in the same registry as everything else.
 */
export const ML_METRIC_PROVIDERS = [
  makeCounterProvider({
    name: ML_METRICS.predictions,
    help: 'Predictions answered, by model version and predicted class (cache hits included; a class the model does not have counts as unknown).',
    labelNames: ['model_version', 'predicted_class'],
  }),
  makeHistogramProvider({
    name: ML_METRICS.confidence,
    help: 'Probability the model gave to the class it predicted, per prediction.',
    labelNames: ['model_version'],
    buckets: [0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1],
  }),
  makeGaugeProvider({
    name: ML_METRICS.info,
    help: 'The model being served: always 1, with its identity as labels.',
    labelNames: ['model_name', 'model_version', 'sha256'],
  }),
  makeGaugeProvider({
    name: ML_METRICS.loadSeconds,
    help: 'Time it took to read and verify the model file at startup, in seconds.',
    labelNames: ['model_version'],
  }),
  makeCounterProvider({
    name: ML_METRICS.cacheRequests,
    help: 'Feature-cache lookups, by result: hit, miss, invalid (an entry failed its checks: answered as a miss and overwritten) or unavailable (cache down or skipped: answered uncached).',
    labelNames: ['result'],
  }),
  makeCounterProvider({
    name: ML_METRICS.invalidInputs,
    help: 'Input validation failures, by field: a feature, rows[].<feature> (indices folded), body, rows, rows[], limit, Idempotency-Key, or unknown for any other name.',
    labelNames: ['field'],
  }),
  makeCounterProvider({
    name: ML_METRICS.predictionErrors,
    help: 'Predictions that failed, by model version and reason: store_unavailable (nothing recorded), store_outcome_unknown (maybe recorded), internal (anything else).',
    labelNames: ['model_version', 'reason'],
  }),
  makeCounterProvider({
    name: ML_METRICS.loadFailures,
    help: 'Model files that could not be loaded, by role: shadow (the service goes on without it). A primary model that cannot load stops startup instead.',
    labelNames: ['role'],
  }),
  makeCounterProvider({
    name: ML_METRICS.shadowAgreement,
    help: 'Inputs the shadow model scored beside the served one, by both versions and whether they predicted the same class (agree "true" or "false").',
    labelNames: ['model_version', 'shadow_version', 'agree'],
  }),
  makeCounterProvider({
    name: ML_METRICS.shadowDropped,
    help: 'Inputs the shadow model did not score because its queue was full (it never slows the served model down).',
    labelNames: ['shadow_version'],
  }),
  makeGaugeProvider({
    name: ML_METRICS.age,
    help: 'Seconds since the served model was trained (its trainedAt), by model version.',
    labelNames: ['model_version'],
    collect() {
      const now = Date.now() / 1000;
      for (const [model_version, trainedAt] of MODEL_TRAINED_AT) {
        this.set({ model_version }, now - trainedAt);
      }
    },
  }),
];
