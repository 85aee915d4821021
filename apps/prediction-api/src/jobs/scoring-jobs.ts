import type { PredictionResult } from '../prediction/prediction.service';

/** The BullMQ queue batch-scoring jobs go through. */
export const SCORING_QUEUE = 'prediction-scoring';

/** What a job carries: the rows to score, as `POST /predict/jobs` validated them. */
export interface ScoringJobData {
  readonly rows: readonly Record<string, number>[];
}

/** What `GET /predict/jobs/:id` answers. */
export interface ScoringJobView {
  readonly state: 'waiting' | 'active' | 'completed' | 'failed';
  readonly results?: readonly PredictionResult[];
}

/** BullMQ's job states, as the API reports them (delayed, prioritized and children-waiting ones wait). */
export function publicState(state: string): ScoringJobView['state'] {
  if (state === 'active' || state === 'completed' || state === 'failed') return state;
  return 'waiting';
}
