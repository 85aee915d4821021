import { Controller, HttpException, Inject } from '@nestjs/common';
import { MessagePattern, Payload, RpcException } from '@nestjs/microservices';
import { PredictionModel } from '../model/prediction-model';
import { parseFeatures } from '../prediction/features.validation';
import type { PredictionResult } from '../prediction/prediction.service';
import { PredictionService } from '../prediction/prediction.service';

/** The pattern other services ask over NATS (request-reply). */
export const PREDICT_PATTERN = 'predict';

/**
 * `predict` over NATS: the same body and answer as `POST /predict`. A bad body is refused with
 * the same `{ statusCode: 400, message, errors: [{ field, reason }] }` the HTTP route answers, as
 * the RPC error the caller's `ClientProxy` receives; other failures keep Nest's RPC error.
 */
@Controller()
export class PredictRpcController {
  constructor(
    @Inject(PredictionService) private readonly predictions: PredictionService,
    @Inject(PredictionModel) private readonly model: PredictionModel,
  ) {}

  @MessagePattern(PREDICT_PATTERN)
  async predict(@Payload() body: unknown): Promise<PredictionResult> {
    try {
      const features = parseFeatures(body, this.model.features);
      const answer = await this.predictions.predict(features, { endpoint: 'predict' });
      return answer.predictions[0] as PredictionResult;
    } catch (error) {
      if (error instanceof HttpException && error.getStatus() < 500) {
        throw new RpcException(error.getResponse());
      }
      throw error;
    }
  }
}
