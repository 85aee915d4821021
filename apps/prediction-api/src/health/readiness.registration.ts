import type { OnModuleInit } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
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

/**
 * What `/ready` checks in the sample service: the model (loaded, and a warm-up inference on the
 * training means passed), PostgreSQL when `DATABASE_URL` is set, Redis when `REDIS_URL` is set.
 * The embedded store runs in-process: there is nothing to probe.
 */
@Injectable()
export class ReadinessRegistration implements OnModuleInit {
  constructor(
    @Inject(ReadinessChecks) private readonly readiness: ReadinessChecks,
    @Inject(ModelHealthIndicator) private readonly modelHealth: ModelHealthIndicator,
    @Inject(DatabaseHealthIndicator) private readonly databaseHealth: DatabaseHealthIndicator,
    @Inject(RedisHealthIndicator) private readonly redisHealth: RedisHealthIndicator,
    @Inject(PredictionModel) private readonly model: PredictionModel,
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
      this.readiness.register('database', () =>
        this.databaseHealth.pingCheck('database', databaseUrl),
      );
    }
    if (redisUrl !== undefined) {
      this.readiness.register('redis', () => this.redisHealth.pingCheck('redis', redisUrl));
    }
  }
}
