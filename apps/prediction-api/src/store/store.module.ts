import { Inject, Module } from '@nestjs/common';
import type { OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.constants';
import { redactUrl } from '../config/app-config';
import { EmbeddedSqlClient } from './embedded-sql-client';
import { PostgresSqlClient } from './postgres-sql-client';
import { PredictionStore } from './prediction-store';
import type { SqlClient } from './sql-client';

async function openStore(config: AppConfig): Promise<PredictionStore> {
  const client: SqlClient = config.databaseUrl
    ? new PostgresSqlClient(config.databaseUrl)
    : await EmbeddedSqlClient.open(config.embeddedDbDir);
  const store = new PredictionStore(client);
  try {
    await store.migrate();
  } catch (error) {
    await client.close().catch(() => undefined);
    const where = config.databaseUrl
      ? `DATABASE_URL=${redactUrl(config.databaseUrl)}`
      : 'the embedded database';
    throw new Error(
      `Cannot prepare the prediction store at ${where}: ${(error as Error).message}. Fix: start PostgreSQL or correct DATABASE_URL; unset it to use the embedded store.`,
      { cause: error },
    );
  }
  return store;
}

/** Provides the `PredictionStore`: PostgreSQL when `DATABASE_URL` is set, PGlite otherwise. */
@Module({
  providers: [{ provide: PredictionStore, inject: [APP_CONFIG], useFactory: openStore }],
  exports: [PredictionStore],
})
export class StoreModule implements OnApplicationShutdown {
  constructor(@Inject(PredictionStore) private readonly store: PredictionStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.client.close();
  }
}
