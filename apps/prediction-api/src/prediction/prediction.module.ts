import { Module } from '@nestjs/common';
import { CacheModule } from '../cache/cache.module';
import { StoreModule } from '../store/store.module';
import { PredictionController } from './prediction.controller';
import { PredictionService } from './prediction.service';

/** The prediction API and its service. */
@Module({
  imports: [CacheModule, StoreModule],
  controllers: [PredictionController],
  providers: [PredictionService],
})
export class PredictionModule {}
