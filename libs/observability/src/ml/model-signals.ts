import type { CounterFamily } from '../metrics/counter-family';
import type { HistogramFamily } from '../metrics/histogram-family';
import { metricCatalog } from '../metrics/metric-catalog';
import { DEFAULT_MAX_SERIES, METRIC_HELP, METRIC_NAMES } from '../naming/metric-names';

/** Default buckets of `model_batch_size`: from single inputs to batches of ten thousand. @internal */
export const DEFAULT_BATCH_BUCKETS: readonly number[] = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000, 10000,
];

/**
 * The serving signals of a model that the SDK names, recorded where the application knows them:
 * ground truth (`model_feedback_total{model_version,correct}`, which accuracy SLOs read) and batch
 * sizes (`model_batch_size{model_version}`). Label values are the model versions the application
 * passes (a closed set: versions it serves, never request input) and `true`/`false`; each metric
 * holds at most `maxSeries` series.
 *
 * @publicApi
 * @example
 * const signals = new ModelSignals();
 * signals.serving('1.0.0'); // every series at 0 from the start
 * signals.feedback(stored.modelVersion, stored.prediction === trueLabel);
 * signals.batch('1.0.0', rows.length);
 */
export class ModelSignals {
  private readonly feedbacks: CounterFamily;
  private readonly batches: HistogramFamily;

  /**
   * @param options.maxSeries series limit of each metric @default 1000
   * @param options.batchBuckets buckets of `model_batch_size` (the first definition wins)
   *   @default [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000, 10000]
   */
  constructor(
    options: { readonly maxSeries?: number; readonly batchBuckets?: readonly number[] } = {},
  ) {
    const maxSeries = options.maxSeries ?? DEFAULT_MAX_SERIES;
    this.feedbacks = metricCatalog.counter({
      name: METRIC_NAMES.modelFeedback,
      help: METRIC_HELP.modelFeedback,
      labelNames: ['model_version', 'correct'],
      maxSeries,
    });
    this.batches = metricCatalog.histogram({
      name: METRIC_NAMES.modelBatchSize,
      help: METRIC_HELP.modelBatchSize,
      labelNames: ['model_version'],
      buckets: options.batchBuckets ?? DEFAULT_BATCH_BUCKETS,
      maxSeries,
    });
  }

  /** Creates the series of `modelVersion` at 0, so panels and SLIs read 0, not "no data". */
  serving(modelVersion: string): void {
    this.feedbacks.resolve([modelVersion, 'true']);
    this.feedbacks.resolve([modelVersion, 'false']);
    this.batches.resolve([modelVersion]);
  }

  /** The true label of a prediction of `modelVersion` arrived; `correct`: the model was right. */
  feedback(modelVersion: string, correct: boolean): void {
    this.feedbacks.resolve([modelVersion, correct ? 'true' : 'false']).inc();
  }

  /** `modelVersion` scored a batch of `size` inputs. */
  batch(modelVersion: string, size: number): void {
    if (Number.isFinite(size) && size >= 0) this.batches.resolve([modelVersion]).observe(size);
  }
}
