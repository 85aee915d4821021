import type { OnModuleDestroy } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { FeatureKind } from 'nestjs-observability';
import { DriftMonitor } from 'nestjs-observability';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.constants';
import type { FeatureVector } from '../model/prediction-model';
import { PredictionModel } from '../model/prediction-model';

/** Predictions in the window before the sample exports a feature's drift. */
export const DRIFT_MIN_SAMPLES = 300;

/** Slices of the drift window: it drops a tenth of its predictions at a time. */
const DRIFT_SLICES = 10;

/**
 * A drift monitor of one model against the training set its file embeds (every input numeric,
 * the training labels as the class priors), or none when the file has no training set.
 */
export function driftMonitorOf(
  model: PredictionModel,
  config: Pick<AppConfig, 'driftWindowSize' | 'driftRefreshMs'>,
): DriftMonitor | undefined {
  const set = model.artifact.trainingSet;
  if (set === undefined) return undefined;
  const features = model.features;
  const size = config.driftWindowSize;
  // What the window always holds once full (it drops a slice at a time): a higher minSamples
  // would make the drift series come and go, or never appear under DRIFT_WINDOW_SIZE=300.
  const held = (DRIFT_SLICES - 1) * Math.floor(size / DRIFT_SLICES);
  return new DriftMonitor({
    modelVersion: model.version,
    features: Object.fromEntries(features.map((f): [string, FeatureKind] => [f, 'numeric'])),
    reference: {
      rows: set.rows.map((row) => Object.fromEntries(features.map((f, i) => [f, row[i]]))),
      classes: set.labels,
    },
    window: { size, slices: DRIFT_SLICES },
    // PSI over 10 bins reads about 9/n from sampling noise alone: at 300 predictions, 0.03,
    // far under the 0.2 "act" threshold, where 100 would read 0.09 and blip above it.
    minSamples: Math.min(DRIFT_MIN_SAMPLES, held),
    refreshIntervalMs: config.driftRefreshMs,
  });
}

/**
 * Compares the served model's inputs and predicted classes with its training set: every stored
 * prediction is observed (`model_feature_drift`, `model_prediction_drift`, data-quality
 * counters), with no code in the controllers.
 */
@Injectable()
export class ModelDrift implements OnModuleDestroy {
  private readonly monitor: DriftMonitor | undefined;

  constructor(
    @Inject(PredictionModel) model: PredictionModel,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.monitor = driftMonitorOf(model, config);
    if (this.monitor === undefined) {
      new Logger(ModelDrift.name).warn(
        `Model file ${model.path} has no training set: drift is not monitored. Fix: retrain it with "npm run train", which embeds it.`,
      );
    }
  }

  /** One stored prediction: its input and the class answered. */
  observe(features: FeatureVector, predictedClass: string): void {
    this.monitor?.observe(features, predictedClass);
  }

  onModuleDestroy(): void {
    this.monitor?.stop();
  }
}
