import type { OnModuleInit } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { ModelSignals } from 'nestjs-observability';
import type { Counter, Gauge, Histogram } from 'prom-client';
import type { CacheLookup } from '../cache/prediction-cache';
import { CACHE_RESULTS } from '../cache/prediction-cache';
import type { FieldError } from '../http/invalid-input.exception';
import type { ModelOutput } from '../model/prediction-model';
import { PredictionModel } from '../model/prediction-model';
import { FieldLabels, UNKNOWN_LABEL } from './field-labels';
import { ML_METRICS, MODEL_TRAINED_AT, PREDICTION_ERROR_REASONS } from './ml-metrics.providers';

/**
 * Records the sample service's ML signals: the identity, load time and age of the model, the
 * confidence of each prediction, feedback, batch sizes,
 * failed predictions, cache lookups by result, and input validation failures by field.
 * Every label value comes from a closed set fixed at startup (the model's classes and features,
 * the cache results, the request fields, and `unknown`); every series exists from the start.
 */
@Injectable()
export class MlMetrics implements OnModuleInit {
  private readonly fields: FieldLabels;
  /** `model_feedback_total` and `model_batch_size`, the SDK's names for them. */
  private readonly signals = new ModelSignals();

  constructor(
    @Inject(PredictionModel) private readonly model: PredictionModel,
    @InjectMetric(ML_METRICS.predictions) private readonly predictions: Counter,
    @InjectMetric(ML_METRICS.confidence) private readonly confidence: Histogram,
    @InjectMetric(ML_METRICS.info) private readonly info: Gauge,
    @InjectMetric(ML_METRICS.loadSeconds) private readonly loadSeconds: Gauge,
    @InjectMetric(ML_METRICS.cacheRequests) private readonly cacheRequests: Counter,
    @InjectMetric(ML_METRICS.invalidInputs) private readonly invalidInputs: Counter,
    @InjectMetric(ML_METRICS.predictionErrors) private readonly errors: Counter,
  ) {
    this.fields = new FieldLabels(model.features);
  }

  onModuleInit(): void {
    const { artifact, version, loadSeconds } = this.model;
    this.info.set(
      { model_name: artifact.name, model_version: version, sha256: artifact.sha256 },
      1,
    );
    this.loadSeconds.set({ model_version: version }, loadSeconds);
    for (const predicted_class of artifact.classes)
      this.predictions.inc({ model_version: version, predicted_class }, 0);
    for (const result of CACHE_RESULTS) this.cacheRequests.inc({ result }, 0);
    for (const field of this.fields.values) this.invalidInputs.inc({ field }, 0);
    this.signals.serving(version);
    for (const reason of PREDICTION_ERROR_REASONS)
      this.errors.inc({ model_version: version, reason }, 0);
    MODEL_TRAINED_AT.set(version, Date.parse(artifact.trainedAt) / 1000);
  }

  /** One prediction answered and stored (from the model or the cache): its class and confidence. */
  prediction(output: ModelOutput): void {
    const version = this.model.version;
    const known = this.model.artifact.classes.includes(output.prediction);
    this.predictions.inc({
      model_version: version,
      predicted_class: known ? output.prediction : UNKNOWN_LABEL,
    });
    this.confidence.observe(
      { model_version: version },
      output.probabilities[output.prediction] ?? 0,
    );
  }

  /** The true label of a stored prediction arrived, for the first time. */
  feedback(modelVersion: string, correct: boolean): void {
    const known = modelVersion === this.model.version;
    this.signals.feedback(known ? modelVersion : UNKNOWN_LABEL, correct);
  }

  /** One `/predict/batch` request answered, of `rows` rows. */
  batch(rows: number): void {
    this.signals.batch(this.model.version, rows);
  }

  /** One request whose predictions failed. */
  predictionFailed(reason: (typeof PREDICTION_ERROR_REASONS)[number], rows: number): void {
    this.errors.inc({ model_version: this.model.version, reason }, rows);
  }

  /** The lookups of one request, counted by result. */
  cacheLookups(lookups: readonly CacheLookup[]): void {
    for (const result of CACHE_RESULTS) {
      const n = lookups.filter((l) => l.result === result).length;
      if (n > 0) this.cacheRequests.inc({ result }, n);
    }
  }

  /** One rejected input: each failing field once, as a label from the closed set. */
  invalidInput(errors: readonly FieldError[]): void {
    for (const field of new Set(errors.map((e) => this.fields.of(e.field)))) {
      this.invalidInputs.inc({ field });
    }
  }
}
