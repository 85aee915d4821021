import { Inject, Module } from '@nestjs/common';
import type { OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.constants';
import { NoPredictionCache, PredictionCache } from './prediction-cache';
import { RedisPredictionCache } from './redis-prediction-cache';

/** Provides the `PredictionCache`: Redis when `REDIS_URL` is set, none otherwise. */
@Module({
  providers: [
    {
      provide: PredictionCache,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): PredictionCache =>
        config.redisUrl
          ? new RedisPredictionCache(config.redisUrl, config.cacheTtlSeconds)
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
