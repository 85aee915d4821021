import { Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.constants';
import { ModelController } from './model.controller';
import { PredictionModel } from './prediction-model';

/** Loads the model file at startup (a bad file stops startup) and serves `GET /model`. */
@Module({
  controllers: [ModelController],
  providers: [
    {
      provide: PredictionModel,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => PredictionModel.load(config.modelPath),
    },
  ],
  exports: [PredictionModel],
})
export class ModelModule {}
