import { Inject, Module } from '@nestjs/common';
import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { OBSERVABILITY_OPTIONS } from 'nestjs-observability';
import type { ResolvedObservabilityOptions } from 'nestjs-observability';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.constants';
import { EmbeddedSqlClient } from './embedded-sql-client';
import { PostgresSqlClient } from './postgres-sql-client';
import { PredictionStore } from './prediction-store';
import { RetentionSweeper } from './retention.sweeper';
import { RetentionTask } from './retention.task';
import { StorePreparation } from './store-preparation';
import { STORE_MESSAGES } from './store.messages';
import { STORE_METRIC_PROVIDERS, StoreMetrics } from './store.metrics';

/**
 * PostgreSQL is prepared by `StorePreparation` (once before listening, then in the background
 * until the database answers): the store is created at once, without a connection. A statement's budget is the readiness check's timeout, so a request never
 * waits on the database longer than `/ready` would. The embedded store is opened and migrated
 * here: it fails only on a bad `EMBEDDED_DB_DIR`, which is a configuration error.
 */
async function openStore(
  config: AppConfig,
  options: ResolvedObservabilityOptions,
  metrics: StoreMetrics,
): Promise<PredictionStore> {
  if (config.databaseUrl !== undefined) {
    return new PredictionStore(
      new PostgresSqlClient(config.databaseUrl, options.health.timeoutMs, (state) =>
        metrics.breakerState(state),
      ),
    );
  }
  let client: EmbeddedSqlClient | undefined;
  try {
    client = await EmbeddedSqlClient.open(config.embeddedDbDir);
    const store = new PredictionStore(client);
    await store.migrate();
    return store;
  } catch (error) {
    await client?.close().catch(() => undefined);
    throw new Error(STORE_MESSAGES.embeddedFailed(error), { cause: error });
  }
}

/**
 * Provides the `PredictionStore`: PostgreSQL when `DATABASE_URL` is set, PGlite otherwise. Runs
 * its preparation, its retention sweeps (`RETENTION_MAX_PREDICTIONS`) and its scheduled
 * retention task (`PREDICTION_RETENTION_DAYS`), and closes it at shutdown.
 */
@Module({
  providers: [
    ...STORE_METRIC_PROVIDERS,
    StoreMetrics,
    {
      provide: PredictionStore,
      inject: [APP_CONFIG, OBSERVABILITY_OPTIONS, StoreMetrics],
      useFactory: openStore,
    },
    RetentionTask,
  ],
  exports: [PredictionStore],
})
export class StoreModule implements OnModuleInit, OnApplicationShutdown {
  private readonly preparation: StorePreparation;
  private readonly sweeper: RetentionSweeper | undefined;

  constructor(
    @Inject(PredictionStore) private readonly store: PredictionStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.preparation = new StorePreparation(store);
    const keep = config.retentionMaxPredictions;
    this.sweeper =
      keep > 0 || store.client.kind === 'embedded'
        ? new RetentionSweeper(store, keep, config.retentionSweepSeconds * 1000)
        : undefined;
  }

  /** Tries the database once before the service listens (bounded by the statement budget). */
  async onModuleInit(): Promise<void> {
    if (!this.store.ready) await this.preparation.start();
    this.sweeper?.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.preparation.stop();
    await this.sweeper?.stop();
    await this.store.client.close();
  }
}
