import type { OnModuleInit } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import {
  DatabaseHealthIndicator,
  ModelHealthIndicator,
  ReadinessChecks,
  RedisHealthIndicator,
} from 'nestjs-observability';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.constants';
import type { FeatureVector } from '../model/prediction-model';
import { PredictionModel } from '../model/prediction-model';
import { PredictionStore } from '../store/prediction-store';
import { STORE_MESSAGES } from '../store/store.messages';

/**
 * What `/ready` checks in the sample service: the model (loaded, and a warm-up inference on the
 * training means passed) and, when `DATABASE_URL` is set, PostgreSQL (it answers, and the store
 * has checked its schema): without either, no prediction can be answered. Redis, when
 * `REDIS_URL` is set, is checked and reported but never gates readiness (`critical: false`):
 * the cache is an optimisation, and predictions are answered uncached without it. The embedded
 * store runs in-process: there is nothing to probe.
 */
@Injectable()
export class ReadinessRegistration implements OnModuleInit {
  constructor(
    @Inject(ReadinessChecks) private readonly readiness: ReadinessChecks,
    @Inject(ModelHealthIndicator) private readonly modelHealth: ModelHealthIndicator,
    @Inject(DatabaseHealthIndicator) private readonly databaseHealth: DatabaseHealthIndicator,
    @Inject(RedisHealthIndicator) private readonly redisHealth: RedisHealthIndicator,
    @Inject(PredictionModel) private readonly model: PredictionModel,
    @Inject(PredictionStore) private readonly store: PredictionStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const model = this.model;
    const warmUpInput: FeatureVector = Object.fromEntries(
      model.features.map((name, i) => [name, model.artifact.standardization.mean[i] ?? 0]),
    );
    this.readiness.register('model', () =>
      this.modelHealth.isReady('model', {
        version: model.version,
        warmUp: () => model.predict(warmUpInput),
      }),
    );
    const { databaseUrl, redisUrl } = this.config;
    if (databaseUrl !== undefined) {
      this.readiness.register('database', () => this.databaseReady(databaseUrl));
    }
    if (redisUrl !== undefined) {
      this.readiness.register('redis', () => this.redisHealth.pingCheck('redis', redisUrl), {
        critical: false,
      });
    }
  }

  /** PostgreSQL answers `SELECT 1`, and the store has checked its schema since startup. */
  private async databaseReady(url: string): Promise<HealthIndicatorResult<'database'>> {
    const result = await this.databaseHealth.pingCheck('database', url);
    if (this.store.ready || result.database.status !== 'up') return result;
    return { database: { status: 'down', message: STORE_MESSAGES.notPrepared() } };
  }
}
