import { PGlite } from '@electric-sql/pglite';
import type { SqlClient } from './sql-client';

/** A `SqlClient` over PGlite: PostgreSQL compiled to WebAssembly, in this process, no server. */
export class EmbeddedSqlClient implements SqlClient {
  readonly kind = 'embedded';

  private constructor(private readonly db: PGlite) {}

  /** Opens an embedded database in `dataDir`, or in memory when it is undefined. */
  static async open(dataDir: string | undefined): Promise<EmbeddedSqlClient> {
    return new EmbeddedSqlClient(await PGlite.create(dataDir));
  }

  async query<Row>(text: string, params: readonly unknown[] = []): Promise<{ rows: Row[] }> {
    const result = await this.db.query<Row>(text, [...params]);
    return { rows: result.rows };
  }

  async exec(sql: string): Promise<void> {
    await this.db.exec(sql);
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }
}
