import { Inject, Module } from '@nestjs/common';
import type { OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.constants';
import { PredictionModel } from '../model/prediction-model';
import { CACHE_METRIC_PROVIDERS, CacheMetrics } from './cache.metrics';
import { NoPredictionCache, PredictionCache } from './prediction-cache';
import { RedisPredictionCache } from './redis-prediction-cache';

/**
 * Provides the `PredictionCache`: Redis when `REDIS_URL` is set, none otherwise. Redis is
 * connected in the background: a Redis that is down at boot neither delays nor stops startup.
 */
@Module({
  providers: [
    ...CACHE_METRIC_PROVIDERS,
    CacheMetrics,
    {
      provide: PredictionCache,
      inject: [APP_CONFIG, PredictionModel, CacheMetrics],
      useFactory: (
        config: AppConfig,
        model: PredictionModel,
        metrics: CacheMetrics,
      ): PredictionCache =>
        config.redisUrl
          ? new RedisPredictionCache(
              config.redisUrl,
              config.cacheTtlSeconds,
              model.artifact.classes,
              metrics,
            )
          : new NoPredictionCache(),
    },
  ],
  exports: [PredictionCache],
})
export class CacheModule implements OnApplicationShutdown {
  constructor(@Inject(PredictionCache) private readonly cache: PredictionCache) {}

  async onApplicationShutdown(): Promise<void> {
    await this.cache.close();
  }
}
