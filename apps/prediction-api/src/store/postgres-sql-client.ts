import { Logger } from '@nestjs/common';
import { Pool } from 'pg';
import type { PoolClient, QueryConfig } from 'pg';
import type { BreakerStateValue } from '../resilience/dependency-breaker';
import { DependencyBreaker, DependencyDownError } from '../resilience/dependency-breaker';
import type { SqlClient } from './sql-client';
import {
  SqlNotSentError,
  SqlOutcomeUnknownError,
  isOutage,
  isStatementVerdict,
} from './sql-errors';
import { STORE_MESSAGES } from './store.messages';

/** Least time a statement gets once a connection is in hand, even late in its budget, in ms. */
const MIN_STATEMENT_MS = 100;

/**
 * Longest the schema migration may run (it can build an index on an existing table), in ms: below
 * the shutdown timeout, so a stop during a hung migration still ends in time.
 */
const MIGRATION_TIMEOUT_MS = 20_000;

/**
 * After this many outages in a row the database is known down: statements fail at once, and a
 * `SELECT 1` probes it after 0.5 s, then up to every 5 s.
 */
const BREAKER = { consecutiveFailures: 3, probeAfterMs: 500, maxProbeAfterMs: 5_000 } as const;

/**
 * A `SqlClient` over a node-postgres pool in which a statement has one budget, `timeoutMs` (the
 * readiness check's own timeout): waiting for a connection, connecting and running all count, so
 * a hung or unreachable database answers within it. Failures say what is known: `SqlNotSentError`
 * (nothing written), `SqlOutcomeUnknownError` (sent, no verdict), or the database's own error. A
 * circuit breaker fails statements at once while the database is known down.
 */
export class PostgresSqlClient implements SqlClient {
  readonly kind = 'postgres';
  private readonly logger = new Logger('PostgresSqlClient');
  private readonly pool: Pool;
  private readonly breaker: DependencyBreaker;

  /**
   * @param timeoutMs the budget of one statement, from asking for a connection to its answer
   * @param onBreakerState told each change of the breaker's state (for a gauge)
   */
  constructor(
    connectionString: string,
    private readonly timeoutMs: number,
    onBreakerState: (state: BreakerStateValue) => void = () => undefined,
  ) {
    this.pool = new Pool({
      connectionString,
      max: 10,
      connectionTimeoutMillis: timeoutMs,
      idleTimeoutMillis: 30_000,
      statement_timeout: timeoutMs,
    });
    // An idle client whose server goes away emits 'error'; unhandled, it would end the process.
    this.pool.on('error', (error) => this.logger.warn(STORE_MESSAGES.idleConnectionLost(error)));
    this.breaker = new DependencyBreaker({
      name: 'PostgreSQL (DATABASE_URL)',
      ...BREAKER,
      isOutage,
      probe: () => this.send('SELECT 1', [], this.timeoutMs),
      onStateChange: onBreakerState,
    });
  }

  async query<Row>(text: string, params: readonly unknown[] = []): Promise<{ rows: Row[] }> {
    try {
      return await this.breaker.run(() => this.send<Row>(text, params, this.timeoutMs));
    } catch (error) {
      throw error instanceof DependencyDownError ? new SqlNotSentError(error) : error;
    }
  }

  async exec(sql: string): Promise<void> {
    await this.send(sql, [], MIGRATION_TIMEOUT_MS);
  }

  maintain(): Promise<void> {
    return Promise.resolve(); // autovacuum and the checkpointer do it on a server
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async send<Row>(
    text: string,
    params: readonly unknown[],
    budgetMs: number,
  ): Promise<{ rows: Row[] }> {
    const deadline = performance.now() + budgetMs;
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw new SqlNotSentError(error);
    }
    const remaining = Math.max(Math.round(deadline - performance.now()), MIN_STATEMENT_MS);
    try {
      // query_timeout per query is read by pg (client.js) but missing from @types/pg's QueryConfig.
      const query = { text, values: [...params], query_timeout: remaining } as QueryConfig;
      const result = await client.query(query);
      client.release();
      return { rows: result.rows as Row[] };
    } catch (error) {
      if (isStatementVerdict(error)) {
        client.release();
        throw error;
      }
      // The connection is in an unknown state (a statement may still be running on it): drop it.
      client.release(error as Error);
      throw new SqlOutcomeUnknownError(error);
    }
  }
}
