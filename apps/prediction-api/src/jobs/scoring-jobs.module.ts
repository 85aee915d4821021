import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { PredictionModule } from '../prediction/prediction.module';
import { JobsUnavailableController } from './jobs-unavailable.controller';
import { ScoringJobsController } from './scoring-jobs.controller';
import { scoringQueueProvider, ScoringQueueShutdown } from './scoring-queue';
import { ScoringWorker, scoringWorkerRedisUrl } from './scoring-worker';

/**
 * Batch scoring as queued jobs on BullMQ (`REDIS_URL`), its worker in the same process, traced
 * and measured through `bullMqTelemetry()` given to the queue and the worker. Without `REDIS_URL`, the routes answer 503.
 */
@Module({})
export class ScoringJobsModule {
  static forRoot(redisUrl: string | undefined): DynamicModule {
    if (redisUrl === undefined) {
      return { module: ScoringJobsModule, controllers: [JobsUnavailableController] };
    }
    return {
      module: ScoringJobsModule,
      imports: [PredictionModule],
      controllers: [ScoringJobsController],
      providers: [
        scoringQueueProvider(redisUrl),
        ScoringQueueShutdown,
        scoringWorkerRedisUrl(redisUrl),
        ScoringWorker,
      ],
    };
  }
}
