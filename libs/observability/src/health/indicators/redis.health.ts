import type { OnApplicationShutdown } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { Redis, RedisOptions } from 'ioredis';
import { OBSERVABILITY_OPTIONS } from '../../observability.constants';
import type { ResolvedObservabilityOptions } from '../../options/observability-options.interface';
import { HTTP_MESSAGES } from '../../messages/http.messages';
import { OPTIONAL_FEATURES } from '../../messages/messages';
import { loadOptionalPackage } from '../../support/optional-package';

type RedisClass = new (url: string, options: RedisOptions) => Redis;

/**
 * Readiness of a Redis server: `PING` on a connection of its own, without the offline queue and
 * retries that make ioredis wait about 10 s when Redis is down and forever when it accepts
 * connections but never answers. A check takes at most `health.timeoutMs`; concurrent probes
 * share one check, and its result is reused for `health.cacheMs`. Needs the optional peer package
 * `ioredis`: without it, the check is down with a message naming the package to install.
 *
 * @publicApi
 * @example
 * readiness.register('redis', () => redisHealth.pingCheck('redis', 'redis://127.0.0.1:6379'));
 */
@Injectable()
export class RedisHealthIndicator implements OnApplicationShutdown {
  private readonly clients = new Map<string, Redis>();

  constructor(
    @Inject(HealthIndicatorService) private readonly health: HealthIndicatorService,
    @Inject(OBSERVABILITY_OPTIONS) private readonly options: ResolvedObservabilityOptions,
  ) {}

  /** `up` when `PING` on `url` answers `PONG` in time, `down` otherwise. Never throws. */
  pingCheck<const Key extends string>(key: Key, url: string): Promise<HealthIndicatorResult<Key>> {
    const { timeoutMs, cacheMs } = this.options.health;
    return Promise.resolve(
      this.health
        .check(key)
        .attempt(async ({ signal }) => {
          const client = this.client(url);
          if (client.status !== 'ready') await ready(client, signal);
          const reply: string = await client.ping();
          if (reply !== 'PONG') throw new Error(HTTP_MESSAGES.redisPingAnswer(reply));
        })
        .withTimeout(timeoutMs)
        .cacheFor(cacheMs),
    );
  }

  /** Closes the indicator's own Redis connections when the application shuts down. */
  async onApplicationShutdown(): Promise<void> {
    const clients = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
  }

  private client(url: string): Redis {
    let client = this.clients.get(url);
    if (client === undefined) {
      const timeout = this.options.health.timeoutMs;
      const { Redis } = loadOptionalPackage<{ Redis: RedisClass }>(
        'ioredis',
        OPTIONAL_FEATURES.redisHealth,
      );
      client = new Redis(url, {
        lazyConnect: false,
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        connectTimeout: timeout,
        commandTimeout: timeout,
        retryStrategy: () => Math.min(timeout, 500),
      });
      // Failures surface through PING; an unhandled 'error' event would crash the process.
      client.on('error', () => undefined);
      this.clients.set(url, client);
    }
    return client;
  }
}

/**
 * Resolves when `client` is ready; rejects with the connection's own error when it fails (so the
 * check says `connect ECONNREFUSED 127.0.0.1:6379`, not only that it timed out), or when `signal`
 * aborts first (the check's timeout).
 */
function ready(client: Redis, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = () => {
      client.off('ready', done);
      client.off('error', failed);
      signal.removeEventListener('abort', abort);
    };
    const done = () => {
      settle();
      resolve();
    };
    const failed = (error: Error) => {
      settle();
      reject(error);
    };
    const abort = () => {
      settle();
      reject(new Error(HTTP_MESSAGES.redisNotReady(client.status)));
    };
    client.once('ready', done);
    client.once('error', failed);
    signal.addEventListener('abort', abort, { once: true });
  });
}
