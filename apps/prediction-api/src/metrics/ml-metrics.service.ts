import type { OnModuleInit } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge, Histogram } from 'prom-client';
import type { FieldError } from '../http/invalid-input.exception';
import type { ModelOutput } from '../model/prediction-model';
import { PredictionModel } from '../model/prediction-model';
import { ML_METRICS } from './ml-metrics.providers';

/** Fields that are not the model's, nor the request's known ones, share this label value. */
const UNKNOWN_FIELD = 'unknown';
const REQUEST_FIELDS = new Set(['body', 'rows', 'limit']);

/**
 * Records the sample service's ML signals: the identity and load time of the model, the
 * confidence of each prediction, cache hits and misses, and input validation failures by field.
 */
@Injectable()
export class MlMetrics implements OnModuleInit {
  constructor(
    @Inject(PredictionModel) private readonly model: PredictionModel,
    @InjectMetric(ML_METRICS.predictions) private readonly predictions: Counter,
    @InjectMetric(ML_METRICS.confidence) private readonly confidence: Histogram,
    @InjectMetric(ML_METRICS.info) private readonly info: Gauge,
    @InjectMetric(ML_METRICS.loadSeconds) private readonly loadSeconds: Gauge,
    @InjectMetric(ML_METRICS.cacheRequests) private readonly cacheRequests: Counter,
    @InjectMetric(ML_METRICS.invalidInputs) private readonly invalidInputs: Counter,
  ) {}

  onModuleInit(): void {
    const { artifact, version, loadSeconds } = this.model;
    this.info.set(
      { model_name: artifact.name, model_version: version, sha256: artifact.sha256 },
      1,
    );
    this.loadSeconds.set({ model_version: version }, loadSeconds);
  }

  /** One prediction answered (from the model or the cache): its class and its confidence. */
  prediction(output: ModelOutput): void {
    const version = this.model.version;
    this.predictions.inc({ model_version: version, predicted_class: output.prediction });
    this.confidence.observe(
      { model_version: version },
      output.probabilities[output.prediction] ?? 0,
    );
  }

  /** One batch of cache lookups. */
  cacheLookups(hits: number, misses: number): void {
    if (hits > 0) this.cacheRequests.inc({ result: 'hit' }, hits);
    if (misses > 0) this.cacheRequests.inc({ result: 'miss' }, misses);
  }

  /** One rejected input: each failing field once, with indices folded and unknown names shared. */
  invalidInput(errors: readonly FieldError[]): void {
    for (const field of new Set(errors.map((e) => this.fieldLabel(e.field)))) {
      this.invalidInputs.inc({ field });
    }
  }

  private fieldLabel(field: string): string {
    const folded = field.replace(/\[\d+\]/g, '[]');
    const last = folded.split('.').pop() ?? folded;
    const known = this.model.features.includes(last) || REQUEST_FIELDS.has(folded);
    return known ? folded : UNKNOWN_FIELD;
  }
}
