import { Body, Controller, Get, Headers, HttpCode, Inject, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.constants';
import {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAYED_HEADER,
  parseIdempotencyKey,
} from '../http/idempotency-key';
import { PredictionModel } from '../model/prediction-model';
import type { StoredPrediction } from '../store/prediction-store';
import { parseBatch, parseFeatures, parseLimit } from './features.validation';
import type { PredictionAnswer, PredictionResult } from './prediction.service';
import { PredictionService } from './prediction.service';

/** Most predictions `GET /predictions` returns at once. */
const MAX_LIST = 100;

/** Says on the response when its predictions were recorded by an earlier request. */
function markReplay(res: Response, answer: PredictionAnswer): PredictionResult[] {
  if (answer.replayed) res.setHeader(IDEMPOTENT_REPLAYED_HEADER, 'true');
  return answer.predictions;
}

/**
 * `POST /predict`, `POST /predict/batch` and `GET /predictions`. Both POSTs accept an
 * `Idempotency-Key` header: a retry with the same key and body answers what the first request
 * recorded (with `Idempotent-Replayed: true`), never recording twice.
 */
@Controller()
export class PredictionController {
  constructor(
    @Inject(PredictionService) private readonly predictions: PredictionService,
    @Inject(PredictionModel) private readonly model: PredictionModel,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Classifies one flower from its four measurements (cm). */
  @Post('predict')
  @HttpCode(200)
  async predict(
    @Body() body: unknown,
    @Headers(IDEMPOTENCY_KEY_HEADER) key: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PredictionResult> {
    const idempotencyKey = parseIdempotencyKey(key);
    const features = parseFeatures(body, this.model.features);
    const answer = await this.predictions.predict(features, {
      endpoint: 'predict',
      idempotencyKey,
    });
    return markReplay(res, answer)[0] as PredictionResult;
  }

  /** Classifies up to `MAX_BATCH_SIZE` flowers, recorded all together or not at all. */
  @Post('predict/batch')
  @HttpCode(200)
  async predictBatch(
    @Body() body: unknown,
    @Headers(IDEMPOTENCY_KEY_HEADER) key: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ predictions: PredictionResult[] }> {
    const idempotencyKey = parseIdempotencyKey(key);
    const rows = parseBatch(body, this.model.features, this.config.maxBatchSize);
    const answer = await this.predictions.predictMany(rows, { endpoint: 'batch', idempotencyKey });
    return { predictions: markReplay(res, answer) };
  }

  /** The most recent recorded predictions, newest first (`?limit=` from 1 to 100, default 20). */
  @Get('predictions')
  async recent(@Query('limit') limit: unknown): Promise<{ predictions: StoredPrediction[] }> {
    return { predictions: await this.predictions.recent(parseLimit(limit, 20, MAX_LIST)) };
  }
}
