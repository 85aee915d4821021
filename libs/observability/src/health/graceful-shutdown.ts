import type { BeforeApplicationShutdown } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import { OBSERVABILITY_OPTIONS } from '../observability.constants';
import type { ResolvedObservabilityOptions } from '../options/observability-options.interface';
import { sdkLog } from '../logging/sdk-logger';
import { RUNTIME_MESSAGES } from '../messages/runtime.messages';

/**
 * The drain that makes a rolling update lose no request. On a shutdown signal (with
 * `app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true })`), readiness fails at
 * once while liveness stays up, and the service keeps serving for `health.drainDelayMs`, so the
 * endpoints and load balancers stop routing to the pod. Nest then closes the listener (in-flight
 * requests finish, idle keep-alive connections close) and the clients. Past
 * `health.shutdownTimeoutMs` the process exits with code 1.
 *
 * @internal
 */
@Injectable()
export class GracefulShutdown implements BeforeApplicationShutdown {
  private draining = false;

  constructor(
    @Inject(OBSERVABILITY_OPTIONS) private readonly options: ResolvedObservabilityOptions,
  ) {}

  /** True from the shutdown signal on: readiness answers 503. */
  get isDraining(): boolean {
    return this.draining;
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    if (signal === undefined) return; // app.close() from code (tests): no drain
    const { drainDelayMs, shutdownTimeoutMs } = this.options.health;
    this.draining = true;
    setTimeout(() => {
      sdkLog.error(RUNTIME_MESSAGES.shutdownTimedOut(shutdownTimeoutMs));
      process.exit(1);
    }, shutdownTimeoutMs).unref();
    sdkLog.info(RUNTIME_MESSAGES.draining(signal, drainDelayMs));
    await new Promise((resolve) => setTimeout(resolve, drainDelayMs));
  }
}
