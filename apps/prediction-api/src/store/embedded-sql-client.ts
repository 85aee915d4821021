import { PGlite } from '@electric-sql/pglite';
import type { SqlClient } from './sql-client';

/**
 * PostgreSQL settings for the embedded store, sized for a sidecar-free pod rather than a server
 * (measured in apps/prediction-api/README.md): 16 MB of shared buffers instead of PGlite's 160 MB
 * (they live in the WebAssembly heap, which never shrinks), and a write-ahead log recycled at
 * each checkpoint (`maintain`) instead of growing towards 1 GB.
 */
const EMBEDDED_SETTINGS = [
  'shared_buffers = 16MB',
  'max_wal_size = 32MB',
  'min_wal_size = 32MB',
  'wal_buffers = 1MB',
];

/** A `SqlClient` over PGlite: PostgreSQL compiled to WebAssembly, in this process, no server. */
export class EmbeddedSqlClient implements SqlClient {
  readonly kind = 'embedded';

  private constructor(private readonly db: PGlite) {}

  /** Opens an embedded database in `dataDir`, or in memory when it is undefined. */
  static async open(dataDir: string | undefined): Promise<EmbeddedSqlClient> {
    return new EmbeddedSqlClient(
      await PGlite.create(dataDir, { postgresqlconf: EMBEDDED_SETTINGS }),
    );
  }

  async query<Row>(text: string, params: readonly unknown[] = []): Promise<{ rows: Row[] }> {
    const result = await this.db.query<Row>(text, [...params]);
    return { rows: result.rows };
  }

  async exec(sql: string): Promise<void> {
    await this.db.exec(sql);
  }

  async maintain(): Promise<void> {
    // Two statements: VACUUM cannot run inside the implicit transaction of a multi-statement exec.
    await this.db.exec('VACUUM predictions');
    await this.db.exec('CHECKPOINT');
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }
}
