import { Injectable } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';

/** One readiness check: an indicator call such as `() => redis.pingCheck('redis', url)`. @publicApi */
export type ReadinessCheck = () => Promise<HealthIndicatorResult>;

/**
 * The checks `/ready` runs. Register the service's dependencies here, typically in the
 * `onModuleInit` of the module that owns them; `/health` (liveness) never runs them.
 *
 * @publicApi
 * @example
 * constructor(readiness: ReadinessChecks, redis: RedisHealthIndicator) {
 *   readiness.register('redis', () => redis.pingCheck('redis', url));
 * }
 */
@Injectable()
export class ReadinessChecks {
  private readonly checks = new Map<string, ReadinessCheck>();

  /** Adds (or replaces) the check named `name`. */
  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  /** Every registered check, by name. */
  all(): ReadonlyMap<string, ReadinessCheck> {
    return this.checks;
  }
}
