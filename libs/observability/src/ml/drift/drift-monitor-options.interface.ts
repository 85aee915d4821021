import type { FeatureKind } from './reference-profile';

/**
 * The data set the live inputs are compared with, usually the model's training set.
 *
 * @publicApi
 */
export interface DriftReference {
  /** The reference rows, each an object of feature names to values. Only their bins are kept. */
  readonly rows: readonly Readonly<Record<string, unknown>>[];
  /**
   * The class of each reference row (its training label): their frequencies are the priors the
   * predicted classes are compared with (`model_prediction_drift`). Leave out to monitor inputs
   * only.
   */
  readonly classes?: readonly string[];
}

/**
 * The sliding window of recent observations: the last `size` observations, or those of the last
 * `seconds`. It is kept as `slices` slices of bin counts; when the newest is full (or its time
 * is over) the oldest is dropped, so the window slides a slice at a time and never empties.
 *
 * @publicApi
 */
export interface DriftWindowOptions {
  /**
   * Observations the window holds: once full, at least (slices − 1) × ⌊size / slices⌋ (`size −
   * size / slices` when `slices` divides `size`), at most one slice more, less one. Give `size` or
   * `seconds`.
   */
  readonly size?: number;
  /** Seconds of traffic the window holds (at least `seconds − seconds / slices`). */
  readonly seconds?: number;
  /** Slices the window is cut into. @default 10 */
  readonly slices?: number;
}

/**
 * Options of `DriftMonitor`.
 *
 * @publicApi
 */
export interface DriftMonitorOptions {
  /** The version of the model the inputs go to: the `model_version` label of every series. */
  readonly modelVersion: string;
  /** Every monitored input, by name, and how its values are compared. */
  readonly features: Readonly<Record<string, FeatureKind>>;
  /** The reference data set (training set) the window is compared with. */
  readonly reference: DriftReference;
  /** @default { size: 1000, slices: 10 } */
  readonly window?: DriftWindowOptions;
  /** Quantile bins of a numeric feature (fewer when reference values repeat). @default 10 */
  readonly bins?: number;
  /** Categorical values with a bin of their own (the most frequent); the rest share one. @default 50 */
  readonly maxCategories?: number;
  /**
   * Observations of a feature the window must hold before its drift is exported. With a `size`
   * window, at most what the window always holds once full (see `DriftWindowOptions.size`), or
   * the drift would come and go as slices drop out.
   *
   * @default 100, or less under a count window that always holds fewer
   */
  readonly minSamples?: number;
  /** How often the drift is computed, off the request path. @default 10000 */
  readonly refreshIntervalMs?: number;
  /**
   * Series limit of each drift and data-quality metric, shared by every monitor (the first to
   * create a metric sets it): 3 series per feature and model version. @default 10000
   */
  readonly maxSeries?: number;
}
