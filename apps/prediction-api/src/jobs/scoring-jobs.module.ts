import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { bullMqTelemetry } from 'nestjs-observability';
import { PredictionModule } from '../prediction/prediction.module';
import { JobsUnavailableController } from './jobs-unavailable.controller';
import { redisConnection } from './redis-connection';
import { SCORING_QUEUE } from './scoring-jobs';
import { ScoringJobsController } from './scoring-jobs.controller';
import { ScoringProcessor } from './scoring.processor';

/**
 * Batch scoring as queued jobs on BullMQ (`REDIS_URL`), its worker in the same process, traced
 * and measured through `bullMqTelemetry()`. Without `REDIS_URL`, the routes answer 503.
 */
@Module({})
export class ScoringJobsModule {
  static forRoot(redisUrl: string | undefined): DynamicModule {
    if (redisUrl === undefined) {
      return { module: ScoringJobsModule, controllers: [JobsUnavailableController] };
    }
    return {
      module: ScoringJobsModule,
      imports: [
        PredictionModule,
        BullModule.forRoot({ connection: redisConnection(redisUrl), telemetry: bullMqTelemetry() }),
        // The queue fails fast while Redis is away (a 503), instead of holding the request.
        BullModule.registerQueue({
          name: SCORING_QUEUE,
          connection: { ...redisConnection(redisUrl), enableOfflineQueue: false },
        }),
      ],
      controllers: [ScoringJobsController],
      providers: [ScoringProcessor],
    };
  }
}
