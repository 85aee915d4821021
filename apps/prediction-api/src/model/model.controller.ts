import { Controller, Get, Inject } from '@nestjs/common';
import { PredictionModel } from './prediction-model';

/** `GET /model`: what model is loaded, from which data, and how well it did on held-out rows. */
@Controller('model')
export class ModelController {
  constructor(@Inject(PredictionModel) private readonly model: PredictionModel) {}

  @Get()
  describe() {
    const a = this.model.artifact;
    return {
      name: a.name,
      version: a.version,
      format: a.format,
      features: a.features,
      classes: a.classes,
      trainedAt: a.trainedAt,
      dataset: a.dataset,
      training: a.training,
      evaluation: a.evaluation,
      sha256: a.sha256,
      loadedAt: this.model.loadedAt.toISOString(),
      loadSeconds: this.model.loadSeconds,
    };
  }
}
