import { Module } from '@nestjs/common';
import { CacheModule } from '../cache/cache.module';
import { ML_METRIC_PROVIDERS } from '../metrics/ml-metrics.providers';
import { MlMetrics } from '../metrics/ml-metrics.service';
import { StoreModule } from '../store/store.module';
import { PredictionController } from './prediction.controller';
import { PredictionService } from './prediction.service';

/** The prediction API and its service. */
@Module({
  imports: [CacheModule, StoreModule],
  controllers: [PredictionController],
  providers: [PredictionService, MlMetrics, ...ML_METRIC_PROVIDERS],
})
export class PredictionModule {}
