import { Counted, Timed, Traced } from 'nestjs-observability';
import type { SqlClient } from './sql-client';
import { SqlOutcomeUnknownError } from './sql-errors';
import {
  IdempotencyKeyConflictError,
  StoreOutcomeUnknownError,
  StoreUnavailableError,
} from './store.errors';
import { STORE_MESSAGES } from './store.messages';
import type { Row } from './store.schema';
import { COLUMNS, MIGRATION } from './store.schema';
import {
  deleteOlderThanSql,
  deleteOldestSql,
  feedbackSql,
  insertSql,
  replaySql,
} from './store.statements';

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

/** A request made safe to retry: its `Idempotency-Key` and a digest of what it asked. */
export interface IdempotentRequest {
  readonly key: string;
  readonly digest: string;
}

/** What `saveAll` recorded, or found recorded by an earlier request with the same key. */
export interface SaveResult {
  readonly predictions: StoredPrediction[];
  /** True when the predictions come from an earlier request with the same `Idempotency-Key`. */
  readonly replayed: boolean;
}

/** What recording the true label of a prediction found. */
export interface FeedbackRecord {
  readonly prediction: StoredPrediction;
  /** The true label the store holds now: the one just given, or an earlier one. */
  readonly label: string;
  /** True when this call recorded it; false when a label was there already. */
  readonly recorded: boolean;
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

/** A failure of `operation`, as what is known about it: not done, maybe done, or refused. */
function storeError(operation: string, error: unknown): Error {
  if (error instanceof IdempotencyKeyConflictError) return error;
  if (error instanceof SqlOutcomeUnknownError)
    return new StoreOutcomeUnknownError(operation, error);
  return new StoreUnavailableError(operation, error);
}

/** Helpers of the measured operations: not measured on their own. */
const NOT_MEASURED = ['insert', 'replay', 'prepared'];

/**
 * Records predictions in PostgreSQL (or PGlite: the same SQL), reads recent ones back, and
 * deletes the oldest for retention. Every operation is traced, timed and counted. Until the
 * schema has been checked (`migrate`), every operation fails at once: nothing is recorded.
 */
@Traced({ exclude: NOT_MEASURED })
@Timed({ exclude: NOT_MEASURED })
@Counted({ exclude: NOT_MEASURED })
export class PredictionStore {
  private isPrepared = false;

  constructor(readonly client: SqlClient) {}

  /** Whether the schema has been checked, so the store can serve. */
  get ready(): boolean {
    return this.isPrepared;
  }

  /** Creates or updates the schema; the store serves from then on. */
  async migrate(): Promise<void> {
    await this.client.exec(MIGRATION);
    this.isPrepared = true;
  }

  /**
   * Records all predictions in one statement: either every row is stored or none is. With an
   * `Idempotency-Key`, a key already used returns the predictions it recorded instead.
   *
   * @throws StoreUnavailableError when nothing was recorded
   * @throws StoreOutcomeUnknownError when the write was sent and not confirmed
   * @throws IdempotencyKeyConflictError when the key was used for another request
   */
  async saveAll(
    records: readonly PredictionRecord[],
    request?: IdempotentRequest,
  ): Promise<SaveResult> {
    if (records.length === 0) return { predictions: [], replayed: false };
    const operation = 'record the predictions';
    try {
      this.prepared();
      // Twice at most: a key found used, then gone, was deleted by retention in between.
      for (let attempt = 0; attempt < 2; attempt++) {
        const inserted = await this.insert(records, request);
        if (inserted.length > 0 || request === undefined) {
          return { predictions: inserted, replayed: false };
        }
        const earlier = await this.replay(request);
        if (earlier !== undefined) return { predictions: earlier, replayed: true };
      }
      throw new StoreUnavailableError(operation, 'the Idempotency-Key came and went');
    } catch (error) {
      throw storeError(operation, error);
    }
  }

  /** The most recent predictions, newest first. */
  async recent(limit: number): Promise<StoredPrediction[]> {
    try {
      this.prepared();
      const { rows } = await this.client.query<Row>(
        `SELECT ${COLUMNS} FROM predictions ORDER BY id DESC LIMIT $1`,
        [limit],
      );
      return rows.map(toStored);
    } catch (error) {
      throw new StoreUnavailableError('read recent predictions', error);
    }
  }

  /**
   * Records `label` as the true label of prediction `id`, once: a prediction that has one keeps
   * it (the answer says which). Undefined when there is no such prediction.
   *
   * @throws StoreUnavailableError when nothing was recorded
   * @throws StoreOutcomeUnknownError when the write was sent and not confirmed
   */
  async recordFeedback(id: number, label: string): Promise<FeedbackRecord | undefined> {
    try {
      this.prepared();
      // Twice at most: a label recorded concurrently is not yet visible to the first attempt.
      for (let attempt = 0; attempt < 2; attempt++) {
        const { rows } = await this.client.query<
          Row & { feedback_label: string | null; recorded: boolean }
        >(feedbackSql, [id, label]);
        const row = rows[0];
        if (row === undefined) return undefined;
        if (row.feedback_label !== null) {
          return { prediction: toStored(row), label: row.feedback_label, recorded: row.recorded };
        }
      }
      throw new StoreUnavailableError('record the feedback', 'it was recorded concurrently');
    } catch (error) {
      throw storeError('record the feedback', error);
    }
  }

  /**
   * Deletes up to `batch` of the oldest predictions beyond the newest `keep`, with the keys of
   * the requests that recorded them. Returns how many were deleted.
   */
  async deleteOldest(keep: number, batch: number): Promise<number> {
    this.prepared();
    const { rows } = await this.client.query<{ n: number }>(deleteOldestSql, [keep, batch]);
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * Deletes up to `batch` of the oldest predictions recorded more than `days` days ago, with the
   * keys of the requests that recorded them, in one statement. Returns how many were deleted.
   */
  async deleteOlderThan(days: number, batch: number): Promise<number> {
    this.prepared();
    const { rows } = await this.client.query<{ n: number }>(deleteOlderThanSql, [days, batch]);
    return Number(rows[0]?.n ?? 0);
  }

  /** Reclaims the space of deleted rows where no background process does (the embedded store). */
  async maintain(): Promise<void> {
    await this.client.maintain();
  }

  private async insert(
    records: readonly PredictionRecord[],
    request: IdempotentRequest | undefined,
  ): Promise<StoredPrediction[]> {
    const { sql, params } = insertSql(records, request);
    const { rows } = await this.client.query<Row>(sql, params);
    return rows.map(toStored).sort((a, b) => a.id - b.id);
  }

  /** The predictions recorded with `request.key`; undefined when the key is no longer there. */
  private async replay(request: IdempotentRequest): Promise<StoredPrediction[] | undefined> {
    const { rows } = await this.client.query<Row & { request_digest: string }>(replaySql, [
      request.key,
    ]);
    const first = rows[0];
    if (first === undefined) return undefined;
    if (first.request_digest !== request.digest) {
      throw new IdempotencyKeyConflictError(
        'was already used for a different request (other rows or another endpoint). Fix: use a new key for a new request; reuse a key only to retry the same request.',
      );
    }
    if (first.id === null) {
      throw new IdempotencyKeyConflictError(
        'was used for predictions that are no longer kept (retention). Fix: use a new key.',
      );
    }
    return rows.map(toStored);
  }

  private prepared(): void {
    if (!this.isPrepared) throw new Error(STORE_MESSAGES.notPrepared());
  }
}
