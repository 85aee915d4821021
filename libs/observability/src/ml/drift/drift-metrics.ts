import type { CounterSeries } from '../../metrics/counter-family';
import type { GaugeFamily, GaugeSeries } from '../../metrics/gauge-family';
import { metricCatalog } from '../../metrics/metric-catalog';
import { METRIC_HELP, METRIC_NAMES } from '../../naming/metric-names';
import type { DriftMethod } from '../../slo/slo.interface';

/** The drift and data-quality series of one model version, resolved once. @internal */
export class DriftMetrics {
  private readonly featureDrift: GaugeFamily;
  private readonly predictionDrift: GaugeFamily;
  private readonly classRatio: GaugeFamily;
  /** The drift series set so far, by family and labels. */
  private readonly series = new Map<string, GaugeSeries>();

  constructor(
    private readonly modelVersion: string,
    maxSeries: number,
  ) {
    this.featureDrift = metricCatalog.gauge({
      name: METRIC_NAMES.featureDrift,
      help: METRIC_HELP.featureDrift,
      labelNames: ['model_version', 'feature', 'method'],
      maxSeries,
    });
    this.predictionDrift = metricCatalog.gauge({
      name: METRIC_NAMES.predictionDrift,
      help: METRIC_HELP.predictionDrift,
      labelNames: ['model_version', 'method'],
      maxSeries,
    });
    this.classRatio = metricCatalog.gauge({
      name: METRIC_NAMES.classRatio,
      help: METRIC_HELP.classRatio,
      labelNames: ['model_version', 'class', 'source'],
      maxSeries,
    });
  }

  /** The out-of-range counter of `feature`. */
  outOfRange(feature: string, maxSeries: number): CounterSeries {
    return this.quality('featureOutOfRange', feature, maxSeries);
  }

  /** The missing-value counter of `feature`. */
  missing(feature: string, maxSeries: number): CounterSeries {
    return this.quality('featureMissing', feature, maxSeries);
  }

  /** Sets `model_feature_drift` of `feature` by `method`: `undefined` leaves the series out. */
  feature(feature: string, method: DriftMethod, value: number | undefined): void {
    this.write(this.featureDrift, [this.modelVersion, feature, method], value);
  }

  /** Sets `model_prediction_drift` by `method`: `undefined` leaves the series out. */
  prediction(method: DriftMethod, value: number | undefined): void {
    this.write(this.predictionDrift, [this.modelVersion, method], value);
  }

  /**
   * Sets `model_prediction_class_ratio` of class `name` in the window and in the training set:
   * `undefined` leaves both out.
   */
  classShare(name: string, window: number | undefined, training: number | undefined): void {
    this.write(this.classRatio, [this.modelVersion, name, 'window'], window);
    this.write(this.classRatio, [this.modelVersion, name, 'training'], training);
  }

  /** Leaves every drift series of the model version out of the exposition. */
  clear(): void {
    for (const series of this.series.values()) series.unset();
  }

  private write(family: GaugeFamily, labels: readonly string[], value: number | undefined): void {
    const key = `${family.name}\u0000${labels.join('\u0000')}`;
    let series = this.series.get(key);
    if (value === undefined || Number.isNaN(value)) {
      // A series never set is never created: absent until the window has enough samples.
      series?.unset();
      return;
    }
    if (series === undefined) {
      series = family.resolve(labels);
      this.series.set(key, series);
    }
    series.set(value);
  }

  private quality(
    metric: 'featureOutOfRange' | 'featureMissing',
    feature: string,
    maxSeries: number,
  ): CounterSeries {
    return metricCatalog
      .counter({
        name: METRIC_NAMES[metric],
        help: METRIC_HELP[metric],
        labelNames: ['model_version', 'feature'],
        maxSeries,
      })
      .resolve([this.modelVersion, feature]);
  }
}
