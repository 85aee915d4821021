import { Inject, Logger } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import type { PredictionResult } from '../prediction/prediction.service';
import { PredictionService } from '../prediction/prediction.service';
import type { ScoringJobData } from './scoring-jobs';
import { SCORING_QUEUE } from './scoring-jobs';

/**
 * The worker, in the service's own process: scores a job's rows and stores them as one batch,
 * logging one line when it starts and one when it finishes, in the job's context (its `job_id`
 * and trace). The results are the job's return value, which `GET /predict/jobs/:id` reads.
 */
@Processor(SCORING_QUEUE)
export class ScoringProcessor extends WorkerHost {
  private readonly logger = new Logger('ScoringJobs');

  constructor(@Inject(PredictionService) private readonly predictions: PredictionService) {
    super();
  }

  async process(job: Job<ScoringJobData>): Promise<PredictionResult[]> {
    this.logger.log({ rows: job.data.rows.length, attempt: job.attemptsMade + 1 }, 'job started');
    const answer = await this.predictions.predictMany(job.data.rows, {
      endpoint: 'batch',
    });
    this.logger.log({ rows: answer.predictions.length }, 'job finished');
    return answer.predictions;
  }

  /** Redis away: the worker reconnects by itself; say so at warn, once per kind of error. */
  @OnWorkerEvent('error')
  onError(error: Error): void {
    if (this.reported.has(error.message)) return;
    if (this.reported.size < 20) this.reported.add(error.message);
    this.logger.warn(`the worker lost Redis and is reconnecting: ${error.message}`);
  }

  private readonly reported = new Set<string>();
}
