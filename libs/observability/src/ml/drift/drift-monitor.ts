import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { reportInstrumentationFailure } from '../../instrument/failure-reporter';
import { sdkLog } from '../../logging/sdk-logger';
import { DRIFT_MESSAGES } from '../../messages/ml.messages';
import type { CounterSeries } from '../../metrics/counter-family';
import { DriftMetrics } from './drift-metrics';
import type { DriftMonitorOptions } from './drift-monitor-options.interface';
import { resolveDriftOptions } from './drift-options.validation';
import type { DriftReport, FeatureDrift } from './drift-report.interface';
import { compareBins } from './drift-statistics';
import type { CategoricalProfile, FeatureProfile } from './reference-profile';
import { categoricalProfile, categoryKey, numericBin, numericProfile } from './reference-profile';
import { SlidingWindow } from './sliding-window';

/** Longest a refresh runs on one turn of the event loop before it yields, in milliseconds. */
const REFRESH_TURN_BUDGET_MS = 2;

/** The running monitor of each model version: two would write the same series. */
const running = new Map<string, DriftMonitor>();

/**
 * Compares a model's live inputs (and predicted classes) with a reference data set, usually its
 * training set, and exports the drift as Prometheus metrics:
 *
 * - `model_feature_drift{model_version,feature,method}`: `psi`, `js` and (numeric features) `ks`,
 *   absent until the window holds `minSamples` values of the feature;
 * - `model_prediction_drift{model_version,method}`: `psi` and `js` of the predicted classes
 *   against the reference's classes (the training priors), when `reference.classes` is given,
 *   and `model_prediction_class_ratio{model_version,class,source}`: each class's share in the
 *   window and in the training set;
 * - `model_feature_out_of_range_total{model_version,feature}` and
 *   `model_feature_missing_total{model_version,feature}`: data quality, counted as observed.
 *
 * Numeric features are cut into the reference's quantile bins, categorical ones into their most
 * frequent values; the window keeps bin counts in slices, never the rows. `observe()` is the only
 * call on the request path: a few bin increments. The statistics are computed every
 * `refreshIntervalMs` on a timer (which never keeps the process alive), yielding the event loop
 * every 2 ms of work. A failure inside the monitor is counted in
 * `observability_instrumentation_errors_total` and never reaches the caller.
 *
 * @publicApi
 * @example
 * const monitor = new DriftMonitor({
 *   modelVersion: '1.0.0',
 *   features: { age: 'numeric', country: 'categorical' },
 *   reference: { rows: trainingRows, classes: trainingLabels },
 * });
 * monitor.observe(input, prediction.label); // per prediction
 * monitor.stop(); // on shutdown
 */
export class DriftMonitor {
  /** The `model_version` label of the monitor's series. */
  readonly modelVersion: string;
  private readonly minSamples: number;
  private readonly profiles: readonly FeatureProfile[];
  private readonly names: readonly string[];
  private readonly offsets: readonly number[];
  private readonly classes: CategoricalProfile | undefined;
  private readonly classOffset: number;
  private readonly window: SlidingWindow;
  private readonly metrics: DriftMetrics;
  private readonly outOfRange: readonly CounterSeries[];
  private readonly missing: readonly CounterSeries[];
  private readonly scratch: readonly Float64Array[];
  private readonly timer: NodeJS.Timeout;
  private refreshing: Promise<DriftReport> | undefined;
  private last: DriftReport | undefined;
  private stopped = false;

  /**
   * Profiles the reference (its rows are not kept) and starts the refresh timer. A running
   * monitor of the same model version is stopped: the new one owns the version's series.
   *
   * @param options the model version, its features and the reference data set
   * @throws ObservabilityConfigError listing every invalid option
   */
  constructor(options: DriftMonitorOptions) {
    const o = resolveDriftOptions(options);
    const previous = running.get(o.modelVersion);
    if (previous !== undefined) {
      previous.stop();
      sdkLog.warn(DRIFT_MESSAGES.replacedVersion(o.modelVersion));
    }
    this.minSamples = o.minSamples;
    this.modelVersion = o.modelVersion;
    this.profiles = o.features.map(({ name, kind }) => {
      const values = o.rows.map((row) => row[name]);
      return kind === 'numeric'
        ? numericProfile(name, values, o.bins)
        : categoricalProfile(name, values, o.maxCategories);
    });
    this.names = this.profiles.map((p) => p.name);
    let width = 0;
    this.offsets = this.profiles.map(
      (p) => ((width += p.reference.length), width - p.reference.length),
    );
    this.classes =
      o.classes === undefined ? undefined : categoricalProfile('class', o.classes, o.maxCategories);
    this.classOffset = width;
    width += this.classes?.reference.length ?? 0;
    this.window = new SlidingWindow(o.window, width);
    this.scratch = [...this.profiles, ...(this.classes ? [this.classes] : [])].map(
      (p) => new Float64Array(p.reference.length),
    );
    this.metrics = new DriftMetrics(o.modelVersion, o.maxSeries);
    this.outOfRange = this.names.map((name) => this.metrics.outOfRange(name, o.maxSeries));
    this.missing = this.names.map((name) => this.metrics.missing(name, o.maxSeries));
    running.set(o.modelVersion, this);
    this.timer = setInterval(() => void this.refresh(), o.refreshIntervalMs).unref();
  }

  /**
   * Counts one model input (and the class predicted for it) into the window. Cheap enough for
   * the request path: a bin lookup and an increment per feature. Never throws.
   *
   * @param features the input, by feature name (other keys are ignored)
   * @param predictedClass the class the model answered, when it is a classifier
   */
  observe(features: Readonly<Record<string, unknown>>, predictedClass?: string): void {
    if (this.stopped) return;
    try {
      const counts = this.window.current();
      const profiles = this.profiles;
      for (let i = 0; i < profiles.length; i++) {
        const profile = profiles[i] as FeatureProfile;
        const value = features[profile.name];
        const offset = this.offsets[i] as number;
        if (profile.kind === 'numeric') {
          if (typeof value !== 'number' || !Number.isFinite(value)) {
            (this.missing[i] as CounterSeries).inc();
            continue;
          }
          if (value < profile.min || value > profile.max)
            (this.outOfRange[i] as CounterSeries).inc();
          counts[offset + numericBin(profile.edges, value)]! += 1;
        } else {
          const key = categoryKey(value);
          if (key === undefined) {
            (this.missing[i] as CounterSeries).inc();
            continue;
          }
          const bin = profile.categories.get(key);
          if (bin === undefined) (this.outOfRange[i] as CounterSeries).inc();
          counts[offset + (bin ?? profile.other)]! += 1;
        }
      }
      if (this.classes !== undefined && predictedClass !== undefined) {
        const bin = this.classes.categories.get(predictedClass) ?? this.classes.other;
        counts[this.classOffset + bin]! += 1;
      }
      this.window.commit();
    } catch (error) {
      reportInstrumentationFailure(`DriftMonitor(${this.modelVersion})`, 'drift-observe', error);
    }
  }

  /**
   * Computes the drift of every feature now and updates the metrics; the timer calls it every
   * `refreshIntervalMs`. A call while one runs gets that one's report. Never rejects: a failure
   * is counted and the previous report kept.
   */
  refresh(): Promise<DriftReport> {
    this.refreshing ??= this.compute()
      .catch((error: unknown) => {
        reportInstrumentationFailure(`DriftMonitor(${this.modelVersion})`, 'drift-refresh', error);
        return this.last ?? this.emptyReport();
      })
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** The report of the latest refresh, or `undefined` before the first. */
  get latest(): DriftReport | undefined {
    return this.last;
  }

  /**
   * Stops the refresh timer, leaves the drift series out of the exposition (they would go
   * stale). Observations after it are ignored.
   */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    this.metrics.clear();
    if (running.get(this.modelVersion) === this) running.delete(this.modelVersion);
  }

  private async compute(): Promise<DriftReport> {
    this.window.advance(Date.now());
    let turn = performance.now();
    const features: FeatureDrift[] = [];
    for (let i = 0; i < this.profiles.length; i++) {
      if (performance.now() - turn > REFRESH_TURN_BUDGET_MS) {
        await nextTurn();
        turn = performance.now();
      }
      if (this.stopped) break;
      const profile = this.profiles[i] as FeatureProfile;
      const current = this.window.sum(this.offsets[i] as number, this.scratch[i] as Float64Array);
      const ordered = profile.kind === 'numeric';
      const { samples, drift } = compareBins(profile.reference, current, ordered, this.minSamples);
      for (const method of ['psi', 'js', 'ks'] as const) {
        if (method !== 'ks' || profile.kind === 'numeric') {
          this.metrics.feature(profile.name, method, drift[method]);
        }
      }
      features.push({ feature: profile.name, kind: profile.kind, samples, drift });
    }
    let prediction: DriftReport['prediction'];
    if (this.classes !== undefined && !this.stopped) {
      const current = this.window.sum(
        this.classOffset,
        this.scratch[this.profiles.length] as Float64Array,
      );
      prediction = compareBins(this.classes.reference, current, false, this.minSamples);
      this.metrics.prediction('psi', prediction.drift.psi);
      this.metrics.prediction('js', prediction.drift.js);
      this.writeClassShares(current, prediction.samples);
    }
    this.last = {
      modelVersion: this.modelVersion,
      computedAt: new Date(),
      observations: this.window.size,
      features,
      ...(prediction === undefined ? {} : { prediction }),
    };
    return this.last;
  }

  /** The share of each reference class in the window and in the reference (absent under minSamples). */
  private writeClassShares(current: Float64Array, samples: number): void {
    const classes = this.classes as CategoricalProfile;
    const enough = samples >= this.minSamples;
    let total = 0;
    for (const count of classes.reference) total += count;
    for (const [name, bin] of classes.categories) {
      this.metrics.classShare(
        name,
        enough ? (current[bin] ?? 0) / samples : undefined,
        enough ? (classes.reference[bin] ?? 0) / total : undefined,
      );
    }
  }

  private emptyReport(): DriftReport {
    return {
      modelVersion: this.modelVersion,
      computedAt: new Date(),
      observations: 0,
      features: [],
    };
  }
}
