import type { ModelOutput } from '../model/prediction-model';

/**
 * How one cache lookup ended, the closed set of `prediction_cache_requests_total{result}`: `hit`,
 * `miss`, `invalid` (an entry was there but failed validation: answered as a miss, then
 * overwritten) or `unavailable` (the cache failed, timed out or is known to be down: answered
 * uncached).
 */
export const CACHE_RESULTS = ['hit', 'miss', 'invalid', 'unavailable'] as const;
/** One of `CACHE_RESULTS`. */
export type CacheResult = (typeof CACHE_RESULTS)[number];

/** What a lookup found: a checked model output, or why there is none. */
export type CacheLookup =
  | { readonly result: 'hit'; readonly output: ModelOutput }
  | { readonly result: Exclude<CacheResult, 'hit'> };

/**
 * Where identical inputs are answered from. Neither method throws: a cache that fails is a cache
 * that misses, never a failed prediction, and a cache write never delays an answer.
 */
export abstract class PredictionCache {
  /** The lookup of each key, in the order of `keys`. */
  abstract getMany(keys: readonly string[]): Promise<CacheLookup[]>;
  /** Starts storing outputs by key with the configured time to live, and returns at once. */
  abstract setMany(entries: readonly (readonly [string, ModelOutput])[]): void;
  /** Finishes pending writes (bounded) and closes the connection. */
  abstract close(): Promise<void>;
}

const MISS: CacheLookup = { result: 'miss' };

/** The cache in force when `REDIS_URL` is unset: every lookup misses, nothing is kept. */
export class NoPredictionCache extends PredictionCache {
  getMany(keys: readonly string[]): Promise<CacheLookup[]> {
    return Promise.resolve(keys.map(() => MISS));
  }
  setMany(): void {}
  close(): Promise<void> {
    return Promise.resolve();
  }
}
