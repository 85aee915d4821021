import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { ModelController } from './model.controller';
import { PredictionModel } from './prediction-model';

/** Serves `GET /model` and provides the loaded `PredictionModel` to the app. */
@Module({})
export class ModelModule {
  /**
   * Loads and verifies the model file now, while the module graph is built: a missing or damaged
   * file stops startup before any provider (database, cache) has opened anything.
   */
  static forRoot(modelPath: string): DynamicModule {
    return {
      module: ModelModule,
      global: true,
      controllers: [ModelController],
      providers: [{ provide: PredictionModel, useValue: PredictionModel.load(modelPath) }],
      exports: [PredictionModel],
    };
  }
}
