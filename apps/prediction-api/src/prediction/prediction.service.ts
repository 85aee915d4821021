import { createHash } from 'node:crypto';
import { Counted, Traced } from 'nestjs-observability';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { PredictionCache } from '../cache/prediction-cache';
import { MlMetrics } from '../metrics/ml-metrics.service';
import type { FeatureVector, ModelOutput } from '../model/prediction-model';
import { PredictionModel } from '../model/prediction-model';
import { ShadowScoring } from '../shadow/shadow-scoring.service';
import type { IdempotentRequest, StoredPrediction } from '../store/prediction-store';
import { PredictionStore } from '../store/prediction-store';
import {
  IdempotencyKeyConflictError,
  StoreOutcomeUnknownError,
  StoreUnavailableError,
} from '../store/store.errors';
import type { PredictionStoredEvent } from './prediction-stored.event';
import { PREDICTION_STORED } from './prediction-stored.event';
import { storeFailureResponse } from './store-failure.response';

/** One answered prediction, as the API returns it. */
export interface PredictionResult {
  readonly id: number;
  readonly prediction: string;
  readonly probabilities: Readonly<Record<string, number>>;
  readonly modelVersion: string;
  /** True when the answer came from the feature cache. */
  readonly cached: boolean;
}

/** The answer to one request: its predictions, and whether an earlier request recorded them. */
export interface PredictionAnswer {
  readonly predictions: PredictionResult[];
  /** True when an earlier request with the same `Idempotency-Key` recorded these predictions. */
  readonly replayed: boolean;
}

/** How a request asked: `/predict` or `/predict/batch`, with or without an `Idempotency-Key`. */
export interface PredictionRequest {
  readonly endpoint: 'predict' | 'batch';
  readonly idempotencyKey?: string;
}

const toResult = (p: StoredPrediction): PredictionResult => ({
  id: p.id,
  prediction: p.prediction,
  probabilities: p.probabilities,
  modelVersion: p.modelVersion,
  cached: p.cached,
});

/** Serves predictions: cache, then model, then the store; nothing is returned unless stored. */
@Injectable()
export class PredictionService {
  private readonly logger = new Logger(PredictionService.name);

  constructor(
    @Inject(PredictionModel) private readonly model: PredictionModel,
    @Inject(PredictionCache) private readonly cache: PredictionCache,
    @Inject(PredictionStore) private readonly store: PredictionStore,
    @Inject(MlMetrics) private readonly metrics: MlMetrics,
    @Inject(ShadowScoring) private readonly shadow: ShadowScoring,
    @Inject(EventEmitter2) private readonly events: EventEmitter2,
  ) {}

  /** Predicts one feature vector. */
  @Traced()
  predict(
    features: FeatureVector,
    request: PredictionRequest = { endpoint: 'predict' },
  ): Promise<PredictionAnswer> {
    return this.predictMany([features], request);
  }

  /**
   * Predicts every row, records them all in one write, then fills the cache (without waiting).
   * With an `Idempotency-Key` already used for the same request, answers what it recorded.
   *
   * @throws ServiceUnavailableException (503) when the store cannot record them, saying whether
   * they may have been recorded
   * @throws UnprocessableEntityException (422) when the key was used for another request
   */
  @Traced()
  @Counted()
  async predictMany(
    rows: readonly FeatureVector[],
    request: PredictionRequest = { endpoint: 'batch' },
  ): Promise<PredictionAnswer> {
    try {
      const answer = await this.answer(rows, request);
      if (request.endpoint === 'batch') this.metrics.batch(rows.length);
      return answer;
    } catch (error) {
      // The store's failures arrive as the HTTP answer they became, with the failure as cause.
      const cause = error instanceof Error ? error.cause : undefined;
      if (!(cause instanceof IdempotencyKeyConflictError)) {
        this.metrics.predictionFailed(
          cause instanceof StoreUnavailableError
            ? 'store_unavailable'
            : cause instanceof StoreOutcomeUnknownError
              ? 'store_outcome_unknown'
              : 'internal',
          rows.length,
        );
      }
      throw error;
    }
  }

  /** Predicts, records, then fills the cache: `predictMany` without its failure accounting. */
  private async answer(
    rows: readonly FeatureVector[],
    request: PredictionRequest,
  ): Promise<PredictionAnswer> {
    const keys = rows.map((row) => this.cacheKey(row));
    const lookups = await this.cache.getMany(keys);
    this.metrics.cacheLookups(lookups);
    const answers = rows.map((features, i) => {
      const lookup = lookups[i];
      const hit = lookup?.result === 'hit' ? lookup.output : undefined;
      const output: ModelOutput = hit ?? this.model.predict(features);
      return { key: keys[i] as string, features, output, cached: hit !== undefined };
    });
    this.logger.debug(
      `predicting ${rows.length} row(s), ${answers.filter((a) => a.cached).length} from the cache`,
    );
    const saved = await this.guard(
      true,
      this.store.saveAll(
        answers.map(({ features, output, cached }) => ({
          modelVersion: this.model.version,
          features,
          ...output,
          cached,
        })),
        this.idempotent(rows, request),
      ),
    );
    if (!saved.replayed) {
      for (const { output, features } of answers) {
        this.metrics.prediction(output);
        this.shadow.score(features, output.prediction);
      }
      // Emitted synchronously: the listeners (the drift monitor's window) only append to memory,
      // microseconds, and their work leaves the request path on their own timers. So every stored
      // prediction is observed before the answer leaves, as before, in the request's trace, with
      // no promise per request and nothing left pending at shutdown. Listener errors are logged
      // by @nestjs/event-emitter, never thrown here.
      const stored: PredictionStoredEvent = {
        rows: answers.map(({ features, output }) => ({ features, prediction: output.prediction })),
      };
      this.events.emit(PREDICTION_STORED, stored);
      this.cache.setMany(answers.filter((a) => !a.cached).map((a) => [a.key, a.output] as const));
    }
    return { predictions: saved.predictions.map(toResult), replayed: saved.replayed };
  }

  /** The most recent predictions, newest first. */
  recent(limit: number): Promise<StoredPrediction[]> {
    return this.guard(false, this.store.recent(limit));
  }

  /** Turns a store failure into the answer saying what is known; other errors pass unchanged. */
  private async guard<T>(write: boolean, operation: Promise<T>): Promise<T> {
    try {
      return await operation;
    } catch (error) {
      const response = storeFailureResponse(error, write);
      if (response === undefined) throw error;
      // Logged here, once, with its cause: the answer below is not a second error.
      if (response.getStatus() >= 500) this.logger.error(error);
      throw response;
    }
  }

  /** The key and a digest of what was asked (endpoint and rows), when a key was sent. */
  private idempotent(
    rows: readonly FeatureVector[],
    request: PredictionRequest,
  ): IdempotentRequest | undefined {
    if (request.idempotencyKey === undefined) return undefined;
    const canonical = JSON.stringify([
      request.endpoint,
      rows.map((row) => this.model.features.map((name) => row[name])),
    ]);
    const digest = createHash('sha256').update(canonical).digest('base64url');
    return { key: request.idempotencyKey, digest };
  }

  /** Model version plus the features in the model's order: equal inputs share a key. */
  private cacheKey(row: FeatureVector): string {
    const canonical = JSON.stringify(this.model.features.map((name) => row[name]));
    const digest = createHash('sha256').update(canonical).digest('base64url');
    return `prediction-api:prediction:${this.model.artifact.name}@${this.model.version}:${digest}`;
  }
}
