/**
 * Creates or updates the schema. Sent as one simple-protocol message, so PostgreSQL runs it as a
 * single implicit transaction; the advisory lock keeps replicas that start together from racing.
 * Every statement is idempotent: it runs at every start.
 *
 * - `predictions`: one row per answered prediction, with the true label once feedback gave it
 *   (`feedback_label`, `feedback_at`).
 * - `prediction_requests`: one row per `Idempotency-Key` used, with a digest of the request it
 *   came with. Its primary key is what makes a retried request find its first answer instead of
 *   storing a second one (`INSERT ... ON CONFLICT DO NOTHING`).
 */
export const MIGRATION = `
SET LOCAL statement_timeout = '20s';
SELECT pg_advisory_xact_lock(7251001);
CREATE TABLE IF NOT EXISTS predictions (
  id            bigserial   PRIMARY KEY,
  created_at    timestamptz NOT NULL DEFAULT now(),
  model_version text        NOT NULL,
  features      jsonb       NOT NULL,
  prediction    text        NOT NULL,
  probabilities jsonb       NOT NULL,
  cached        boolean     NOT NULL
);
ALTER TABLE predictions ADD COLUMN IF NOT EXISTS idempotency_key text;
CREATE INDEX IF NOT EXISTS predictions_idempotency_key
  ON predictions (idempotency_key) WHERE idempotency_key IS NOT NULL;
ALTER TABLE predictions ADD COLUMN IF NOT EXISTS feedback_label text;
ALTER TABLE predictions ADD COLUMN IF NOT EXISTS feedback_at timestamptz;
CREATE INDEX IF NOT EXISTS predictions_created_at ON predictions (created_at);
CREATE TABLE IF NOT EXISTS prediction_requests (
  idempotency_key text        PRIMARY KEY,
  request_digest  text        NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);`;

/** The columns every read returns, in `Row`'s shape. */
export const COLUMNS = 'id, created_at, model_version, features, prediction, probabilities, cached';

/** One `predictions` row as the drivers return it (PGlite and pg differ on bigint and dates). */
export interface Row {
  id: string | number;
  created_at: Date | string;
  model_version: string;
  features: Record<string, number>;
  prediction: string;
  probabilities: Record<string, number>;
  cached: boolean;
}
