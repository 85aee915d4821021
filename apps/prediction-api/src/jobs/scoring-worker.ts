import type { BeforeApplicationShutdown, OnApplicationBootstrap, Provider } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { Worker } from 'bullmq';
import { bullMqTelemetry } from 'nestjs-observability';
import type { PredictionResult } from '../prediction/prediction.service';
import { PredictionService } from '../prediction/prediction.service';
import { redisConnection } from './redis-connection';
import type { ScoringJobData } from './scoring-jobs';
import { SCORING_QUEUE } from './scoring-jobs';
import { WarnOnce } from './warn-once';

/** How long a shutdown waits for running jobs to finish before closing the worker anyway. */
const JOB_DRAIN_MS = 5_000;

/** The injection token of the scoring worker's Redis URL. */
export const SCORING_WORKER_REDIS_URL = Symbol('SCORING_WORKER_REDIS_URL');

/** Provides the Redis URL {@link ScoringWorker} connects to. */
export function scoringWorkerRedisUrl(redisUrl: string): Provider {
  return { provide: SCORING_WORKER_REDIS_URL, useValue: redisUrl };
}

/**
 * The worker, in the service's own process: scores a job's rows and stores them as one batch,
 * logging one line when it starts and one when it finishes, in the job's context (its `job_id`
 * and trace). The results are the job's return value, which `GET /predict/jobs/:id` reads.
 *
 * A plain BullMQ `Worker` the sample owns (`@nestjs/bullmq`'s `@Processor` is observed the same
 * way), for two reasons: its `error` listener is attached the moment it exists, and its close is
 * bounded. BullMQ's own `close()` waits for running jobs without bound and, while Redis is away,
 * for ever (it reconnects to release its blocking client).
 */
@Injectable()
export class ScoringWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ScoringJobs');
  private readonly errors = new WarnOnce(this.logger, 'the worker');
  private readonly running = new Set<Promise<PredictionResult[]>>();
  private worker: Worker<ScoringJobData, PredictionResult[]> | undefined;

  constructor(
    @Inject(PredictionService) private readonly predictions: PredictionService,
    @Inject(SCORING_WORKER_REDIS_URL) private readonly redisUrl: string,
  ) {}

  /** Starts taking jobs once the whole application is up. */
  onApplicationBootstrap(): void {
    this.worker = new Worker<ScoringJobData, PredictionResult[]>(
      SCORING_QUEUE,
      (job) => this.process(job),
      { connection: redisConnection(this.redisUrl), telemetry: bullMqTelemetry() },
    );
    // Redis away: the worker reconnects by itself; say so at warn, once per kind of error.
    this.worker.on('error', (error) => this.errors.report(error));
  }

  /**
   * Takes no new job, lets the running ones finish (at most {@link JOB_DRAIN_MS}) and closes the
   * worker without waiting on Redis. The jobs it waits for are tracked here, because BullMQ's own
   * wait for them needs Redis too. A job cut short is picked up again by BullMQ's stalled-job
   * check, on this replica or another.
   */
  async beforeApplicationShutdown(): Promise<void> {
    const worker = this.worker;
    if (worker === undefined) return;
    await worker.pause(true);
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, JOB_DRAIN_MS);
    });
    await Promise.race([Promise.allSettled(this.running), bound]);
    clearTimeout(timer);
    await worker.close(true);
  }

  private async process(job: Job<ScoringJobData>): Promise<PredictionResult[]> {
    const scoring = this.score(job);
    this.running.add(scoring);
    try {
      return await scoring;
    } finally {
      this.running.delete(scoring);
    }
  }

  private async score(job: Job<ScoringJobData>): Promise<PredictionResult[]> {
    this.logger.log({ rows: job.data.rows.length, attempt: job.attemptsMade + 1 }, 'job started');
    const answer = await this.predictions.predictMany(job.data.rows, { endpoint: 'batch' });
    this.logger.log({ rows: answer.predictions.length }, 'job finished');
    return answer.predictions;
  }
}
