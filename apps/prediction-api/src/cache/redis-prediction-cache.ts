import { Counted, Timed, Traced } from 'nestjs-observability';
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { ModelOutput } from '../model/prediction-model';
import type { BreakerStateValue } from '../resilience/dependency-breaker';
import {
  BREAKER_STATE,
  DependencyBreaker,
  DependencyDownError,
} from '../resilience/dependency-breaker';
import { CACHE_MESSAGES } from './cache.messages';
import type { CacheMetrics } from './cache.metrics';
import { parseCachedOutput } from './cached-output.validation';
import type { CacheLookup } from './prediction-cache';
import { PredictionCache } from './prediction-cache';

/** A silent or absent Redis must cost a request milliseconds, not seconds. */
const REDIS_SETTINGS = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  commandTimeout: 250,
  connectTimeout: 1_000,
  retryStrategy: (attempt: number) => Math.min(attempt * 200, 2_000),
} as const;

/**
 * A hung Redis costs the requests in flight one command timeout each; after this many failures in
 * a row the cache is skipped, and a PING probes it after 0.5 s, then up to every 5 s.
 */
const BREAKER = { consecutiveFailures: 3, probeAfterMs: 500, maxProbeAfterMs: 5_000 } as const;

/** Most cache writes in flight at once: beyond, a write is skipped (and counted), never queued. */
const MAX_PENDING_WRITES = 64;

/** Lifecycle and logging helpers: not cache operations, so not measured. */
const NOT_MEASURED = ['close', 'failed', 'write', 'stateChanged'];

/** How often a failing cache may log; failures in between are only counted. */
const WARN_EVERY_MS = 30_000;

const MISS: CacheLookup = { result: 'miss' };
const INVALID: CacheLookup = { result: 'invalid' };
const UNAVAILABLE: CacheLookup = { result: 'unavailable' };

/**
 * A `PredictionCache` in Redis, keyed by model version and input, with a time to live, behind a
 * circuit breaker: a Redis that fails or hangs costs the requests in flight one bounded command
 * timeout, then nothing until a background probe finds it back. Entries are checked on the way
 * out (`parseCachedOutput`); writes leave the request path. Lookups and writes are traced, timed
 * and counted.
 */
@Traced({ exclude: NOT_MEASURED })
@Timed({ exclude: NOT_MEASURED })
@Counted({ exclude: NOT_MEASURED })
export class RedisPredictionCache extends PredictionCache {
  private readonly logger = new Logger('RedisPredictionCache');
  private readonly redis: Redis;
  private readonly breaker: DependencyBreaker;
  private readonly pending = new Set<Promise<void>>();
  private lastState: BreakerStateValue = BREAKER_STATE.closed;
  private lastWarnAt = -Infinity;
  private failuresSinceWarn = 0;

  constructor(
    url: string,
    private readonly ttlSeconds: number,
    private readonly classes: readonly string[],
    private readonly metrics: CacheMetrics,
  ) {
    super();
    this.redis = new Redis(url, REDIS_SETTINGS);
    this.redis.on('error', (error: Error) => this.failed('connection', error));
    this.breaker = new DependencyBreaker({
      name: 'The feature cache',
      ...BREAKER,
      probe: () => this.redis.ping(),
      onStateChange: (state) => this.stateChanged(state),
    });
  }

  async getMany(keys: readonly string[]): Promise<CacheLookup[]> {
    if (keys.length === 0) return [];
    let values: (string | null)[];
    try {
      values = await this.breaker.run(() => this.redis.mget(...keys));
    } catch (error) {
      this.failed('read', error);
      return keys.map(() => UNAVAILABLE);
    }
    return values.map((raw) => {
      if (raw === null) return MISS;
      const output = parseCachedOutput(raw, this.classes);
      return output === undefined ? INVALID : { result: 'hit', output };
    });
  }

  setMany(entries: readonly (readonly [string, ModelOutput])[]): void {
    if (entries.length === 0) return;
    if (this.pending.size >= MAX_PENDING_WRITES || this.breaker.state !== BREAKER_STATE.closed) {
      this.metrics.written('skipped', entries.length);
      return;
    }
    const write = this.write(entries);
    this.pending.add(write);
    void write.finally(() => this.pending.delete(write));
  }

  async close(): Promise<void> {
    await Promise.all(this.pending);
    if (this.redis.status === 'end') return;
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private async write(entries: readonly (readonly [string, ModelOutput])[]): Promise<void> {
    try {
      await this.breaker.run(async () => {
        const pipeline = this.redis.pipeline();
        for (const [key, output] of entries)
          pipeline.set(key, JSON.stringify(output), 'EX', this.ttlSeconds);
        const results = (await pipeline.exec()) ?? [];
        const failure = results.find(([error]) => error !== null)?.[0];
        if (failure) throw failure;
      });
      this.metrics.written('written', entries.length);
    } catch (error) {
      this.metrics.written('failed', entries.length);
      this.failed('write', error);
    }
  }

  /** Logs the outage once when it starts and once when it ends, not at every failed probe. */
  private stateChanged(state: BreakerStateValue): void {
    this.metrics.breakerState(state);
    if (state === BREAKER_STATE.open && this.lastState === BREAKER_STATE.closed) {
      this.logger.warn(CACHE_MESSAGES.opened(BREAKER.consecutiveFailures, BREAKER.probeAfterMs));
    } else if (state === BREAKER_STATE.closed) {
      this.logger.log(CACHE_MESSAGES.closed());
    }
    this.lastState = state;
  }

  private failed(operation: string, error: unknown): void {
    if (error instanceof DependencyDownError) return; // known outage: logged when it began
    this.failuresSinceWarn++;
    const now = Date.now();
    if (now - this.lastWarnAt < WARN_EVERY_MS) return;
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.warn(CACHE_MESSAGES.failed(operation, reason, this.failuresSinceWarn));
    this.lastWarnAt = now;
    this.failuresSinceWarn = 0;
  }
}
