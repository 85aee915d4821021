import type { FeatureVector } from '../model/prediction-model';

/** The event emitted once the predictions of one request are stored (never for a replay). */
export const PREDICTION_STORED = 'prediction.stored';

/** The predictions one request stored: each input and the class answered. */
export interface PredictionStoredEvent {
  readonly rows: readonly { readonly features: FeatureVector; readonly prediction: string }[];
}
