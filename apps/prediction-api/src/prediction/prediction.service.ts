import { createHash } from 'node:crypto';
import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { PredictionCache } from '../cache/prediction-cache';
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
  constructor(
    @Inject(PredictionModel) private readonly model: PredictionModel,
    @Inject(PredictionCache) private readonly cache: PredictionCache,
    @Inject(PredictionStore) private readonly store: PredictionStore,
  ) {}

  /** Predicts one feature vector. */
  async predict(features: FeatureVector): Promise<PredictionResult> {
    const [result] = await this.predictMany([features]);
    return result as PredictionResult;
  }

  /**
   * Predicts every row, records them all in one write, then fills the cache.
   *
   * @throws ServiceUnavailableException (503) when the store cannot record them; nothing is stored
   */
  async predictMany(rows: readonly FeatureVector[]): Promise<PredictionResult[]> {
    const keys = rows.map((row) => this.cacheKey(row));
    const hits = await this.cache.getMany(keys);
    const outputs: { output: ModelOutput; cached: boolean }[] = rows.map((row, i) => {
      const hit = hits[i];
      return hit
        ? { output: hit, cached: true }
        : { output: this.model.predict(row), cached: false };
    });
    const stored = await this.record(
      rows.map((features, i) => {
        const { output, cached } = outputs[i] as (typeof outputs)[number];
        return { modelVersion: this.model.version, features, ...output, cached };
      }),
    );
    await this.cache.setMany(
      outputs.flatMap(({ output, cached }, i) =>
        cached ? [] : [[keys[i] as string, output] as const],
      ),
    );
    return stored.map((s, i) => ({
      id: s.id,
      ...(outputs[i] as (typeof outputs)[number]).output,
      modelVersion: s.modelVersion,
      cached: s.cached,
    }));
  }

  /** The most recent predictions, newest first. */
  async recent(limit: number): Promise<StoredPrediction[]> {
    try {
      return await this.store.recent(limit);
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  private async record(
    records: Parameters<PredictionStore['saveAll']>[0],
  ): Promise<StoredPrediction[]> {
    try {
      return await this.store.saveAll(records);
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  private unavailable(error: unknown): unknown {
    if (!(error instanceof StoreUnavailableError)) return error;
    return new ServiceUnavailableException(
      {
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'The prediction store is unavailable: nothing was recorded. Retry later.',
      },
      { cause: error },
    );
  }

  /** Model version plus the features in the model's order: equal inputs share a key. */
  private cacheKey(row: FeatureVector): string {
    const canonical = JSON.stringify(this.model.features.map((name) => row[name]));
    const digest = createHash('sha256').update(canonical).digest('base64url');
    return `prediction-api:prediction:${this.model.artifact.name}@${this.model.version}:${digest}`;
  }
}
