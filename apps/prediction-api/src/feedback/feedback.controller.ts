import { Body, Controller, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { PredictionModel } from '../model/prediction-model';
import type { FeedbackAnswer } from './feedback.service';
import { FeedbackService } from './feedback.service';
import { parseFeedback, parsePredictionId } from './feedback.validation';

/**
 * `POST /predictions/:id/feedback` with `{ "label": "<class>" }`: the true label of a stored
 * prediction. 400 for a bad id or a label that is not a class, 404 for an unknown prediction,
 * 409 when another label was given before; the same label again answers 200 without counting.
 */
@Controller('predictions')
export class FeedbackController {
  constructor(
    @Inject(FeedbackService) private readonly feedback: FeedbackService,
    @Inject(PredictionModel) private readonly model: PredictionModel,
  ) {}

  @Post(':id/feedback')
  @HttpCode(200)
  record(@Param('id') id: string, @Body() body: unknown): Promise<FeedbackAnswer> {
    const label = parseFeedback(body, this.model.artifact.classes);
    return this.feedback.record(parsePredictionId(id), label);
  }
}
