import { Socket } from 'node:net';
import { Inject, Injectable } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Client, ClientConfig } from 'pg';
import { OBSERVABILITY_OPTIONS } from '../../observability.constants';
import type { ResolvedObservabilityOptions } from '../../options/observability-options.interface';
import { OPTIONAL_FEATURES } from '../../messages/messages';
import { loadOptionalPackage } from '../../support/optional-package';

type ClientClass = new (config: ClientConfig) => Client;

/**
 * Readiness of a PostgreSQL database: `SELECT 1` on a connection of its own, opened for the check
 * and closed after it, with connection, statement and query timeouts of `health.timeoutMs`. A
 * hung or saturated database therefore makes the check fail in time, and it never takes a
 * connection from the application's pool. Concurrent probes share one check, and its result is
 * reused for `health.cacheMs`. Needs the optional peer package `pg`: without it, the check is down
 * with a message naming the package to install.
 *
 * @publicApi
 * @example
 * readiness.register('database', () => databaseHealth.pingCheck('database', process.env.DATABASE_URL));
 */
@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    @Inject(HealthIndicatorService) private readonly health: HealthIndicatorService,
    @Inject(OBSERVABILITY_OPTIONS) private readonly options: ResolvedObservabilityOptions,
  ) {}

  /** `up` when `SELECT 1` on `connectionString` answers in time, `down` otherwise. Never throws. */
  pingCheck<const Key extends string>(
    key: Key,
    connectionString: string,
  ): Promise<HealthIndicatorResult<Key>> {
    const { timeoutMs, cacheMs } = this.options.health;
    return Promise.resolve(
      this.health
        .check(key)
        .attempt(async ({ signal }) => {
          const { Client } = loadOptionalPackage<{ Client: ClientClass }>(
            'pg',
            OPTIONAL_FEATURES.databaseHealth,
          );
          // The check's own socket, handed to the client through its public `stream` option: on
          // timeout it is destroyed here, since end() asks the server politely and a hung server
          // never answers, which would leave one open socket per check.
          const socket = new Socket();
          const client = new Client({
            connectionString,
            connectionTimeoutMillis: timeoutMs,
            statement_timeout: timeoutMs,
            query_timeout: timeoutMs,
            stream: () => socket,
          });
          client.on('error', () => undefined);
          const abort = () => socket.destroy();
          signal.addEventListener('abort', abort, { once: true });
          try {
            await client.connect();
            await client.query('SELECT 1');
          } finally {
            signal.removeEventListener('abort', abort);
            if (signal.aborted) socket.destroy();
            else await client.end().catch(() => socket.destroy());
          }
        })
        .withTimeout(timeoutMs)
        .cacheFor(cacheMs),
    );
  }
}
