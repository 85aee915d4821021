import { Inject, Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type { PredictionStoredEvent } from '../prediction/prediction-stored.event';
import { PREDICTION_STORED } from '../prediction/prediction-stored.event';
import { ModelDrift } from './model-drift.service';

/**
 * Feeds what needs every stored prediction (the drift monitor's window) from the
 * `prediction.stored` event: the SDK gives each call a CONSUMER span, child of the request's,
 * and `messaging_process_duration_seconds{messaging_system="event_emitter"}`.
 */
@Injectable()
export class PredictionStoredListener {
  constructor(@Inject(ModelDrift) private readonly drift: ModelDrift) {}

  /** Observes each stored prediction's input and class. */
  @OnEvent(PREDICTION_STORED)
  stored(event: PredictionStoredEvent): void {
    for (const { features, prediction } of event.rows) this.drift.observe(features, prediction);
  }
}
