import type { BeforeApplicationShutdown, Provider } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { bullMqTelemetry } from 'nestjs-observability';
import { redisConnection } from './redis-connection';
import type { ScoringJobData } from './scoring-jobs';
import { SCORING_QUEUE } from './scoring-jobs';
import { WarnOnce } from './warn-once';

/** The injection token of the producer side of the scoring queue. */
export const SCORING_QUEUE_PRODUCER = Symbol('SCORING_QUEUE_PRODUCER');

/**
 * The producer side of the scoring queue, made here rather than by `BullModule.registerQueue`:
 * - its ioredis client has `enableOfflineQueue: false`, so `POST /predict/jobs` answers 503 at
 *   once while Redis is away instead of holding the request;
 * - its `error` listener is there from the start: a Redis that is down at boot fails the first
 *   connection before Nest's `onModuleInit`, and an emitter without listener makes BullMQ fall
 *   back to `console.error`;
 * - its close cannot hang (see {@link ScoringQueueShutdown}).
 */
export function scoringQueueProvider(redisUrl: string): Provider {
  return {
    provide: SCORING_QUEUE_PRODUCER,
    useFactory: (): Queue<ScoringJobData> => {
      const connection = new Redis({
        ...redisConnection(redisUrl),
        enableOfflineQueue: false,
        maxRetriesPerRequest: null, // BullMQ's requirement for a shared client
      });
      const queue = new Queue<ScoringJobData>(SCORING_QUEUE, {
        connection,
        telemetry: bullMqTelemetry(),
      });
      const errors = new WarnOnce(new Logger('ScoringJobs'), 'the job queue');
      queue.on('error', (error) => errors.report(error));
      return queue;
    },
  };
}

/**
 * Closes the producer at shutdown. BullMQ never closes a client it was given, so this does:
 * `disconnect()` returns at once whether Redis is up or away, where a `QUIT` through a client
 * without offline queue that cannot write rejects.
 */
@Injectable()
export class ScoringQueueShutdown implements BeforeApplicationShutdown {
  constructor(@Inject(SCORING_QUEUE_PRODUCER) private readonly queue: Queue<ScoringJobData>) {}

  async beforeApplicationShutdown(): Promise<void> {
    const { connection } = this.queue.opts;
    if (connection instanceof Redis) connection.disconnect();
    await this.queue.close();
  }
}
