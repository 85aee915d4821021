import { Counted, Timed, Traced } from 'nestjs-observability';
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { ModelOutput } from '../model/prediction-model';
import { PredictionCache } from './prediction-cache';

/** A silent or absent Redis must cost a request milliseconds, not seconds. */
const REDIS_SETTINGS = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  commandTimeout: 250,
  connectTimeout: 1_000,
  retryStrategy: (attempt: number) => Math.min(attempt * 200, 2_000),
} as const;

/** Lifecycle and logging helpers: not cache operations, so not measured. */
const NOT_MEASURED = ['close', 'failed'];

/** How often a failing cache may log; failures in between are only counted. */
const WARN_EVERY_MS = 30_000;

/**
 * A `PredictionCache` in Redis, keyed by model version and input, with a time to live. Lookups and
 * writes are traced, timed and counted.
 */
@Traced({ exclude: NOT_MEASURED })
@Timed({ exclude: NOT_MEASURED })
@Counted({ exclude: NOT_MEASURED })
export class RedisPredictionCache extends PredictionCache {
  private readonly logger = new Logger('RedisPredictionCache');
  private readonly redis: Redis;
  private lastWarnAt = -Infinity;
  private failuresSinceWarn = 0;

  constructor(
    url: string,
    private readonly ttlSeconds: number,
  ) {
    super();
    this.redis = new Redis(url, REDIS_SETTINGS);
    this.redis.on('error', (error: Error) => this.failed('connection', error));
  }

  async getMany(keys: readonly string[]): Promise<(ModelOutput | undefined)[]> {
    if (keys.length === 0) return [];
    try {
      const values = await this.redis.mget(...keys);
      return values.map((v) => (v === null ? undefined : (JSON.parse(v) as ModelOutput)));
    } catch (error) {
      this.failed('read', error);
      return keys.map(() => undefined);
    }
  }

  async setMany(entries: readonly (readonly [string, ModelOutput])[]): Promise<void> {
    if (entries.length === 0) return;
    try {
      const pipeline = this.redis.pipeline();
      for (const [key, output] of entries)
        pipeline.set(key, JSON.stringify(output), 'EX', this.ttlSeconds);
      await pipeline.exec();
    } catch (error) {
      this.failed('write', error);
    }
  }

  async close(): Promise<void> {
    if (this.redis.status === 'end') return;
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private failed(operation: string, error: unknown): void {
    this.failuresSinceWarn++;
    const now = Date.now();
    if (now - this.lastWarnAt < WARN_EVERY_MS) return;
    this.logger.warn(
      `Feature cache ${operation} failed (${(error as Error).message}); serving without the cache. ${this.failuresSinceWarn} failure(s) since the last warning.`,
    );
    this.lastWarnAt = now;
    this.failuresSinceWarn = 0;
  }
}
