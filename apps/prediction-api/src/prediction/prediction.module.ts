import { Module } from '@nestjs/common';
import { CacheModule } from '../cache/cache.module';
import { FeedbackController } from '../feedback/feedback.controller';
import { FeedbackService } from '../feedback/feedback.service';
import { ML_METRIC_PROVIDERS } from '../metrics/ml-metrics.providers';
import { MlMetrics } from '../metrics/ml-metrics.service';
import { ModelDrift } from '../metrics/model-drift.service';
import { PredictionStoredListener } from '../metrics/prediction-stored.listener';
import { StoreModule } from '../store/store.module';
import { ShadowScoring } from '../shadow/shadow-scoring.service';
import { PredictRpcController } from '../messaging/predict.rpc-controller';
import { PredictionController } from './prediction.controller';
import { PredictionService } from './prediction.service';

/** The prediction API, its ground-truth feedback, and their services. */
@Module({
  imports: [CacheModule, StoreModule],
  controllers: [PredictionController, FeedbackController, PredictRpcController],
  providers: [
    PredictionService,
    FeedbackService,
    MlMetrics,
    ModelDrift,
    PredictionStoredListener,
    ShadowScoring,
    ...ML_METRIC_PROVIDERS,
  ],
  exports: [PredictionService],
})
export class PredictionModule {}
