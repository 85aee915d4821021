import { Injectable } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';

/** One readiness check: an indicator call such as `() => redis.pingCheck('redis', url)`. @publicApi */
export type ReadinessCheck = () => Promise<HealthIndicatorResult>;

/** How a readiness check counts. @publicApi */
export interface ReadinessCheckOptions {
  /**
   * Whether the service cannot serve without this dependency. A critical check that is down makes
   * `/ready` answer 503; a non-critical one (a cache, an optional enrichment) is still run,
   * recorded in `health_check_status` and shown on the management port's detailed probe, but
   * never takes the pod out of its Service: an outage of a shared optimisation must not remove
   * every replica at once.
   * @default true
   */
  readonly critical?: boolean;
}

/** A registered check and how it counts. @publicApi */
export interface RegisteredReadinessCheck {
  /** The check itself. */
  readonly check: ReadinessCheck;
  /** Whether `/ready` answers 503 when it is down (see `ReadinessCheckOptions.critical`). */
  readonly critical: boolean;
}

/**
 * The checks `/ready` runs. Register the service's dependencies here, typically in the
 * `onModuleInit` of the module that owns them; `/health` (liveness) never runs them.
 *
 * @publicApi
 * @example
 * constructor(readiness: ReadinessChecks, db: DatabaseHealthIndicator, redis: RedisHealthIndicator) {
 *   readiness.register('database', () => db.pingCheck('database', databaseUrl));
 *   // The cache is an optimisation: report it, never gate readiness on it.
 *   readiness.register('redis', () => redis.pingCheck('redis', redisUrl), { critical: false });
 * }
 */
@Injectable()
export class ReadinessChecks {
  private readonly checks = new Map<string, RegisteredReadinessCheck>();

  /** Adds (or replaces) the check named `name`; critical unless `options.critical` is false. */
  register(name: string, check: ReadinessCheck, options: ReadinessCheckOptions = {}): void {
    this.checks.set(name, { check, critical: options.critical ?? true });
  }

  /** Every registered check, by name. */
  all(): ReadonlyMap<string, RegisteredReadinessCheck> {
    return this.checks;
  }
}
