import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { Traced } from 'nestjs-observability';
import { MlMetrics } from '../metrics/ml-metrics.service';
import { storeFailureResponse } from '../prediction/store-failure.response';
import { PredictionStore } from '../store/prediction-store';

/** The answer to a feedback: the prediction, the true label, and whether the model was right. */
export interface FeedbackAnswer {
  readonly id: number;
  readonly modelVersion: string;
  readonly prediction: string;
  readonly label: string;
  readonly correct: boolean;
  /** False when the same label had been given before (nothing counted twice). */
  readonly recorded: boolean;
}

/**
 * Records ground truth: the true label of a stored prediction, once. Counted in
 * `model_feedback_total{model_version,correct}`, which accuracy SLOs read.
 */
@Injectable()
export class FeedbackService {
  constructor(
    @Inject(PredictionStore) private readonly store: PredictionStore,
    @Inject(MlMetrics) private readonly metrics: MlMetrics,
  ) {}

  /**
   * @throws NotFoundException (404) when there is no prediction `id`
   * @throws ConflictException (409) when another label was given before
   * @throws ServiceUnavailableException (503) when the store cannot record it
   */
  @Traced()
  async record(id: number, label: string): Promise<FeedbackAnswer> {
    const found = await this.store.recordFeedback(id, label).catch((error: unknown) => {
      throw storeFailureResponse(error, true) ?? error;
    });
    if (found === undefined) {
      throw new NotFoundException(
        `No prediction ${id}: it was never made, or retention deleted it.`,
      );
    }
    const { prediction, recorded } = found;
    if (found.label !== label) {
      throw new ConflictException(
        `Prediction ${id} already has the true label ${JSON.stringify(found.label)}; feedback is recorded once. Fix: send the same label to retry, or leave it.`,
      );
    }
    const correct = prediction.prediction === label;
    if (recorded) this.metrics.feedback(prediction.modelVersion, correct);
    return {
      id,
      modelVersion: prediction.modelVersion,
      prediction: prediction.prediction,
      label,
      correct,
      recorded,
    };
  }
}
