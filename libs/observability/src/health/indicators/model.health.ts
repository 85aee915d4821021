import { Inject, Injectable } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import { HealthIndicatorService } from '@nestjs/terminus';

/** What the model indicator needs to know about the model being served. @publicApi */
export interface ServedModel {
  /** The model's version, reported in the details. */
  readonly version: string;
  /** One inference on a known input; it throws (or rejects) when the model cannot serve. */
  warmUp(): unknown;
}

interface WarmUp {
  readonly passed: boolean;
  readonly latencyMs: number;
  readonly error?: string;
}

/**
 * Readiness of a loaded model: `up` once a warm-up inference has succeeded, with the model's
 * version and the warm-up latency in the details. The warm-up runs once; a failed one is retried
 * on the next check.
 *
 * @publicApi
 * @example
 * readiness.register('model', () => modelHealth.isReady('model', { version: model.version, warmUp: () => model.predict(sample) }));
 */
@Injectable()
export class ModelHealthIndicator {
  private readonly warmUps = new Map<string, WarmUp>();

  constructor(@Inject(HealthIndicatorService) private readonly health: HealthIndicatorService) {}

  /** `up` when `model` is loaded and its warm-up inference passed. Never throws. */
  async isReady<const Key extends string>(
    key: Key,
    model: ServedModel | undefined,
  ): Promise<HealthIndicatorResult<Key>> {
    const session = this.health.check(key);
    if (model === undefined) return session.down({ loaded: false });
    let warmUp = this.warmUps.get(key);
    if (warmUp === undefined || !warmUp.passed) {
      warmUp = await runWarmUp(model);
      this.warmUps.set(key, warmUp);
    }
    const data = {
      loaded: true,
      version: model.version,
      warmUp: warmUp.passed ? 'passed' : 'failed',
      warmUpLatencyMs: warmUp.latencyMs,
    };
    return warmUp.passed ? session.up(data) : session.down({ ...data, message: warmUp.error });
  }
}

async function runWarmUp(model: ServedModel): Promise<WarmUp> {
  const started = performance.now();
  try {
    await model.warmUp();
    return { passed: true, latencyMs: round(performance.now() - started) };
  } catch (error) {
    return { passed: false, latencyMs: round(performance.now() - started), error: String(error) };
  }
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;
