import type { IdempotentRequest, PredictionRecord } from './prediction-store';
import { COLUMNS } from './store.schema';

/** Parameters of each `predictions` row, in the order of the `VALUES` tuples below. */
const rowParams = (r: PredictionRecord, ord: number): unknown[] => [
  ord,
  r.modelVersion,
  JSON.stringify(r.features),
  r.prediction,
  JSON.stringify(r.probabilities),
  r.cached,
];

/**
 * The one statement that records `records`: a plain multi-row INSERT, or, with an
 * `Idempotency-Key`, an INSERT that first claims the key (`ON CONFLICT DO NOTHING`) and records
 * the rows only if the claim succeeded, all in one statement, so it is atomic on PostgreSQL and
 * PGlite alike. A used key inserts nothing and returns no row. Rows are inserted in the given
 * order, so their ids follow it.
 */
export function insertSql(
  records: readonly PredictionRecord[],
  request: IdempotentRequest | undefined,
): { sql: string; params: unknown[] } {
  const params: unknown[] = request === undefined ? [] : [request.key, request.digest];
  const tuples = records.map((r, i) => {
    const at = params.length;
    params.push(...rowParams(r, i));
    return `($${at + 1}::int, $${at + 2}::text, $${at + 3}::jsonb, $${at + 4}::text, $${at + 5}::jsonb, $${at + 6}::boolean)`;
  });
  const values = `(VALUES ${tuples.join(', ')}) AS v(ord, model_version, features, prediction, probabilities, cached)`;
  const columns = 'model_version, features, prediction, probabilities, cached';
  if (request === undefined) {
    return {
      sql: `INSERT INTO predictions (${columns})
        SELECT ${columns} FROM ${values} ORDER BY v.ord RETURNING ${COLUMNS}`,
      params,
    };
  }
  return {
    sql: `WITH claim AS (
        INSERT INTO prediction_requests (idempotency_key, request_digest) VALUES ($1, $2)
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING idempotency_key
      )
      INSERT INTO predictions (${columns}, idempotency_key)
      SELECT v.model_version, v.features, v.prediction, v.probabilities, v.cached, claim.idempotency_key
      FROM claim CROSS JOIN ${values} ORDER BY v.ord
      RETURNING ${COLUMNS}`,
    params,
  };
}

/**
 * The request recorded under a key (`$1`): its digest and its predictions in id order; one row
 * with a null id when retention deleted the predictions, no row when the key is unknown.
 */
export const replaySql = `SELECT r.request_digest, ${COLUMNS.split(', ')
  .map((c) => `p.${c}`)
  .join(', ')}
  FROM prediction_requests r LEFT JOIN predictions p ON p.idempotency_key = r.idempotency_key
  WHERE r.idempotency_key = $1 ORDER BY p.id`;

/**
 * Deletes the predictions `doomed` selects (an `id` column), and the keys of the requests that
 * recorded them, in one statement; returns how many predictions went.
 */
function deletePredictionsSql(doomed: string): string {
  return `WITH doomed AS (${doomed}
  ), gone AS (
    DELETE FROM predictions p USING doomed WHERE p.id = doomed.id RETURNING p.idempotency_key
  ), keys AS (
    DELETE FROM prediction_requests r
    WHERE r.idempotency_key IN (SELECT idempotency_key FROM gone WHERE idempotency_key IS NOT NULL)
  )
  SELECT count(*)::int AS n FROM gone`;
}

/**
 * Deletes up to `$2` predictions with an id more than `$1` below the newest id (so at most `$1`
 * remain), and the keys of the requests that recorded them; returns how many went. Ids come from
 * one sequence: the newest ids are the newest predictions.
 */
export const deleteOldestSql = deletePredictionsSql(`
    SELECT id FROM predictions
    WHERE id <= (SELECT max(id) FROM predictions) - $1::bigint
    ORDER BY id LIMIT $2::int`);

/**
 * Deletes up to `$2` of the oldest predictions recorded more than `$1` days ago (by the
 * `created_at` index), and the keys of the requests that recorded them; returns how many went.
 * Bounded by `$2`, so one statement never holds the table for long.
 */
export const deleteOlderThanSql = deletePredictionsSql(`
    SELECT id FROM predictions
    WHERE created_at < now() - $1::int * interval '1 day'
    ORDER BY created_at LIMIT $2::int`);

/**
 * Records the true label `$2` of prediction `$1` unless one was recorded already, in one
 * statement: the row with `recorded` true when this statement recorded it, with `recorded` false
 * and the earlier label when one was there, no row when there is no such prediction. The
 * `feedback_label IS NULL` condition is checked again on the row an UPDATE waited for, so two
 * concurrent answers never both record.
 */
export const feedbackSql = `WITH updated AS (
    UPDATE predictions SET feedback_label = $2::text, feedback_at = now()
    WHERE id = $1::bigint AND feedback_label IS NULL
    RETURNING ${COLUMNS}, feedback_label
  )
  SELECT ${COLUMNS}, feedback_label, true AS recorded FROM updated
  UNION ALL
  SELECT ${COLUMNS}, feedback_label, false AS recorded FROM predictions
  WHERE id = $1::bigint AND NOT EXISTS (SELECT 1 FROM updated)`;
