/** The little of a SQL connection the prediction store needs; PostgreSQL and PGlite both fit. */
export interface SqlClient {
  /** `postgres` (a server at DATABASE_URL) or `embedded` (PGlite in the process). */
  readonly kind: 'postgres' | 'embedded';
  /** One parameterised statement. */
  query<Row>(text: string, params?: readonly unknown[]): Promise<{ rows: Row[] }>;
  /** Several statements in one round trip, on one connection (for the schema migration). */
  exec(sql: string): Promise<void>;
  /**
   * After rows were deleted: makes their space reusable and lets the write-ahead log be recycled,
   * where no background process does it (PGlite runs PostgreSQL in single-user mode, without
   * autovacuum or checkpointer). A server does this on its own: a no-op there.
   */
  maintain(): Promise<void>;
  close(): Promise<void>;
}
