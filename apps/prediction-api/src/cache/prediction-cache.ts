import type { ModelOutput } from '../model/prediction-model';

/**
 * Where identical inputs are answered from. `get` and `set` never throw: a cache that fails is a
 * cache that misses, never a failed prediction.
 */
export abstract class PredictionCache {
  /** The cached outputs for each key, `undefined` where there is none; same order as `keys`. */
  abstract getMany(keys: readonly string[]): Promise<(ModelOutput | undefined)[]>;
  /** Stores outputs by key with the configured time to live. */
  abstract setMany(entries: readonly (readonly [string, ModelOutput])[]): Promise<void>;
  abstract close(): Promise<void>;
}

/** The cache in force when `REDIS_URL` is unset: every lookup misses, nothing is kept. */
export class NoPredictionCache extends PredictionCache {
  getMany(keys: readonly string[]): Promise<(ModelOutput | undefined)[]> {
    return Promise.resolve(keys.map(() => undefined));
  }
  setMany(): Promise<void> {
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}
