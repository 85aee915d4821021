import { createHash } from 'node:crypto';
import { Counted, Traced } from 'nestjs-observability';
import { Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { PredictionCache } from '../cache/prediction-cache';
import { MlMetrics } from '../metrics/ml-metrics.service';
import type { FeatureVector, ModelOutput } from '../model/prediction-model';
import { PredictionModel } from '../model/prediction-model';
import type { StoredPrediction } from '../store/prediction-store';
import { PredictionStore, StoreUnavailableError } from '../store/prediction-store';

/** One answered prediction, as the API returns it. */
export interface PredictionResult {
  readonly id: number;
  readonly prediction: string;
  readonly probabilities: Readonly<Record<string, number>>;
  readonly modelVersion: string;
  /** True when the answer came from the feature cache. */
  readonly cached: boolean;
}

/** Serves predictions: cache, then model, then the store; nothing is returned unless stored. */
@Injectable()
export class PredictionService {
  private readonly logger = new Logger(PredictionService.name);

  constructor(
    @Inject(PredictionModel) private readonly model: PredictionModel,
    @Inject(PredictionCache) private readonly cache: PredictionCache,
    @Inject(PredictionStore) private readonly store: PredictionStore,
    @Inject(MlMetrics) private readonly metrics: MlMetrics,
  ) {}

  /** Predicts one feature vector. */
  @Traced()
  async predict(features: FeatureVector): Promise<PredictionResult> {
    const [result] = await this.predictMany([features]);
    return result as PredictionResult;
  }

  /**
   * Predicts every row, records them all in one write, then fills the cache.
   *
   * @throws ServiceUnavailableException (503) when the store cannot record them; nothing is stored
   */
  @Traced()
  @Counted()
  async predictMany(rows: readonly FeatureVector[]): Promise<PredictionResult[]> {
    const keys = rows.map((row) => this.cacheKey(row));
    const hits = await this.cache.getMany(keys);
    const hitCount = hits.filter((h) => h !== undefined).length;
    this.metrics.cacheLookups(hitCount, hits.length - hitCount);
    this.logger.debug(`predicting ${rows.length} row(s), ${hitCount} from the cache`);
    const answers = rows.map((features, i) => {
      const hit = hits[i];
      const output: ModelOutput = hit ?? this.model.predict(features);
      return { key: keys[i] as string, features, output, cached: hit !== undefined };
    });
    const stored = await this.guard(
      'nothing was recorded',
      this.store.saveAll(
        answers.map(({ features, output, cached }) => ({
          modelVersion: this.model.version,
          features,
          ...output,
          cached,
        })),
      ),
    );
    for (const { output } of answers) this.metrics.prediction(output);
    await this.cache.setMany(
      answers.filter((a) => !a.cached).map((a) => [a.key, a.output] as const),
    );
    return answers.map(({ output, cached }, i) => ({
      id: (stored[i] as StoredPrediction).id,
      ...output,
      modelVersion: this.model.version,
      cached,
    }));
  }

  /** The most recent predictions, newest first. */
  recent(limit: number): Promise<StoredPrediction[]> {
    return this.guard('recent predictions cannot be read', this.store.recent(limit));
  }

  /** Turns a store failure into a 503 saying what did not happen; other errors pass unchanged. */
  private async guard<T>(consequence: string, operation: Promise<T>): Promise<T> {
    try {
      return await operation;
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      // Logged here, once, with its cause: the 503 below is an answer, not a second error.
      this.logger.error(error);
      throw new ServiceUnavailableException(
        {
          statusCode: 503,
          error: 'Service Unavailable',
          message: `The prediction store is unavailable: ${consequence}. Retry later.`,
        },
        { cause: error },
      );
    }
  }

  /** Model version plus the features in the model's order: equal inputs share a key. */
  private cacheKey(row: FeatureVector): string {
    const canonical = JSON.stringify(this.model.features.map((name) => row[name]));
    const digest = createHash('sha256').update(canonical).digest('base64url');
    return `prediction-api:prediction:${this.model.artifact.name}@${this.model.version}:${digest}`;
  }
}
