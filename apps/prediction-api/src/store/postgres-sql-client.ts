import { Logger } from '@nestjs/common';
import { Pool } from 'pg';
import type { SqlClient } from './sql-client';

/** Pool limits that keep a slow or dead database from holding requests for long. */
const POOL_SETTINGS = {
  max: 10,
  connectionTimeoutMillis: 2_000,
  idleTimeoutMillis: 30_000,
  query_timeout: 5_000,
  statement_timeout: 5_000,
} as const;

/** A `SqlClient` over a node-postgres pool. */
export class PostgresSqlClient implements SqlClient {
  readonly kind = 'postgres';
  private readonly logger = new Logger('PostgresSqlClient');
  private readonly pool: Pool;

  constructor(connectionString: string) {
    this.pool = new Pool({ connectionString, ...POOL_SETTINGS });
    // An idle client whose server goes away emits 'error'; unhandled, it would end the process.
    this.pool.on('error', (error) =>
      this.logger.warn(`Idle PostgreSQL connection lost: ${error.message}`),
    );
  }

  async query<Row>(text: string, params: readonly unknown[] = []): Promise<{ rows: Row[] }> {
    const result = await this.pool.query(text, [...params]);
    return { rows: result.rows as Row[] };
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
