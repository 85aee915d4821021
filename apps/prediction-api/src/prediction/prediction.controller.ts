import { Body, Controller, Get, HttpCode, Inject, Post, Query } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.constants';
import { PredictionModel } from '../model/prediction-model';
import type { StoredPrediction } from '../store/prediction-store';
import { parseBatch, parseFeatures, parseLimit } from './features.validation';
import type { PredictionResult } from './prediction.service';
import { PredictionService } from './prediction.service';

/** Most predictions `GET /predictions` returns at once. */
const MAX_LIST = 100;

/** `POST /predict`, `POST /predict/batch` and `GET /predictions`. */
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
  predict(@Body() body: unknown): Promise<PredictionResult> {
    return this.predictions.predict(parseFeatures(body, this.model.features));
  }

  /** Classifies up to `MAX_BATCH_SIZE` flowers, recorded all together or not at all. */
  @Post('predict/batch')
  @HttpCode(200)
  async predictBatch(@Body() body: unknown): Promise<{ predictions: PredictionResult[] }> {
    const rows = parseBatch(body, this.model.features, this.config.maxBatchSize);
    return { predictions: await this.predictions.predictMany(rows) };
  }

  /** The most recent recorded predictions, newest first (`?limit=` from 1 to 100, default 20). */
  @Get('predictions')
  async recent(@Query('limit') limit: unknown): Promise<{ predictions: StoredPrediction[] }> {
    return { predictions: await this.predictions.recent(parseLimit(limit, 20, MAX_LIST)) };
  }
}
