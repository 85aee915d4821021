import { Counted, Timed, Traced } from 'nestjs-observability';
import type { SqlClient } from './sql-client';

/** A prediction to record. */
export interface PredictionRecord {
  readonly modelVersion: string;
  readonly features: Readonly<Record<string, number>>;
  readonly prediction: string;
  readonly probabilities: Readonly<Record<string, number>>;
  readonly cached: boolean;
}

/** A recorded prediction, as read back. */
export interface StoredPrediction extends PredictionRecord {
  readonly id: number;
  readonly createdAt: string;
}

/** Raised when the store cannot record or read; the API answers 503. */
export class StoreUnavailableError extends Error {
  constructor(
    readonly operation: string,
    cause: unknown,
  ) {
    super(
      `The prediction store could not ${operation}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.name = 'StoreUnavailableError';
  }
}

/**
 * Creates the table once. Sent as one simple-protocol message, so PostgreSQL runs it as a single
 * implicit transaction; the advisory lock keeps replicas that start together from racing.
 */
const MIGRATION = `
SELECT pg_advisory_xact_lock(7251001);
CREATE TABLE IF NOT EXISTS predictions (
  id            bigserial   PRIMARY KEY,
  created_at    timestamptz NOT NULL DEFAULT now(),
  model_version text        NOT NULL,
  features      jsonb       NOT NULL,
  prediction    text        NOT NULL,
  probabilities jsonb       NOT NULL,
  cached        boolean     NOT NULL
);`;

const COLUMNS = 'id, created_at, model_version, features, prediction, probabilities, cached';

interface Row {
  id: string | number;
  created_at: Date | string;
  model_version: string;
  features: Record<string, number>;
  prediction: string;
  probabilities: Record<string, number>;
  cached: boolean;
}

const toStored = (r: Row): StoredPrediction => ({
  id: Number(r.id),
  createdAt: new Date(r.created_at).toISOString(),
  modelVersion: r.model_version,
  features: r.features,
  prediction: r.prediction,
  probabilities: r.probabilities,
  cached: r.cached,
});

/**
 * Records predictions in PostgreSQL (or PGlite: the same SQL) and reads recent ones back. Every
 * call is traced, timed and counted.
 */
@Traced()
@Timed()
@Counted()
export class PredictionStore {
  constructor(readonly client: SqlClient) {}

  /** Creates the schema if it does not exist. */
  async migrate(): Promise<void> {
    await this.client.exec(MIGRATION);
  }

  /**
   * Records all predictions in one INSERT statement: either every row is stored or none is.
   *
   * @returns the stored rows, in the order given
   * @throws StoreUnavailableError when the database cannot be reached or refuses the write
   */
  async saveAll(records: readonly PredictionRecord[]): Promise<StoredPrediction[]> {
    if (records.length === 0) return [];
    const params: unknown[] = [];
    const tuples = records.map((r) => {
      const at = params.length;
      params.push(
        r.modelVersion,
        JSON.stringify(r.features),
        r.prediction,
        JSON.stringify(r.probabilities),
        r.cached,
      );
      return `($${at + 1}, $${at + 2}::jsonb, $${at + 3}, $${at + 4}::jsonb, $${at + 5})`;
    });
    const sql = `INSERT INTO predictions (model_version, features, prediction, probabilities, cached)
      VALUES ${tuples.join(', ')} RETURNING ${COLUMNS}`;
    try {
      const { rows } = await this.client.query<Row>(sql, params);
      return rows.map(toStored).sort((a, b) => a.id - b.id);
    } catch (error) {
      throw new StoreUnavailableError('record the predictions', error);
    }
  }

  /** The most recent predictions, newest first. */
  async recent(limit: number): Promise<StoredPrediction[]> {
    try {
      const { rows } = await this.client.query<Row>(
        `SELECT ${COLUMNS} FROM predictions ORDER BY id DESC LIMIT $1`,
        [limit],
      );
      return rows.map(toStored);
    } catch (error) {
      throw new StoreUnavailableError('read recent predictions', error);
    }
  }
}
