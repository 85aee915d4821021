import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.constants';
import { PredictionModel } from '../model/prediction-model';
import { parseBatch } from '../prediction/features.validation';
import type { PredictionResult } from '../prediction/prediction.service';
import type { ScoringJobData, ScoringJobView } from './scoring-jobs';
import { publicState } from './scoring-jobs';
import { SCORING_QUEUE_PRODUCER } from './scoring-queue';

const JOB_ID = /^[0-9]{1,20}$/;

/**
 * `POST /predict/jobs` queues a batch-scoring job (202 `{ jobId }`); `GET /predict/jobs/:id` tells
 * its state and, once completed, its results. The rows are validated before queueing, exactly as
 * `POST /predict/batch` validates them.
 */
@Controller('predict/jobs')
export class ScoringJobsController {
  constructor(
    @Inject(SCORING_QUEUE_PRODUCER) private readonly queue: Queue<ScoringJobData>,
    @Inject(PredictionModel) private readonly model: PredictionModel,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(202)
  async enqueue(@Body() body: unknown): Promise<{ jobId: string }> {
    const rows = parseBatch(body, this.model.features, this.config.maxBatchSize);
    try {
      const job = await this.queue.add('score', { rows }, { removeOnComplete: { age: 86_400 } });
      return { jobId: job.id as string };
    } catch {
      throw new ServiceUnavailableException({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'The job queue (Redis) is unavailable: nothing was queued. Retry later.',
      });
    }
  }

  @Get(':id')
  async state(@Param('id') id: string): Promise<ScoringJobView> {
    if (!JOB_ID.test(id)) throw new NotFoundException(`no scoring job ${id.slice(0, 40)}`);
    // The state first: once it says completed, the job read after it holds its results.
    const raw = await this.queue.getJobState(id);
    const job = raw === 'unknown' ? undefined : await this.queue.getJob(id);
    if (job === undefined) throw new NotFoundException(`no scoring job ${id}`);
    const state = publicState(raw);
    return state === 'completed'
      ? { state, results: job.returnvalue as PredictionResult[] }
      : { state };
  }
}
