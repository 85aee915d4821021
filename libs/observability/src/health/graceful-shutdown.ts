import type { BeforeApplicationShutdown, OnApplicationShutdown } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import { RequestPipeline } from '../http/request-pipeline';
import { OBSERVABILITY_OPTIONS } from '../observability.constants';
import type { ResolvedObservabilityOptions } from '../options/observability-options.interface';
import { sdkLog } from '../logging/sdk-logger';
import { RUNTIME_MESSAGES } from '../messages/runtime.messages';

/**
 * The drain that makes a rolling update lose no request. On a shutdown signal (with
 * `app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true })`), readiness fails at
 * once while liveness stays up, every response from then on carries `Connection: close` (a
 * keep-alive client leaves after its current request), and the service keeps serving for
 * `health.drainDelayMs`, so the endpoints and load balancers stop routing to the pod. Nest then
 * closes the listener: idle connections close at once, busy ones as their responses finish. Then
 * the clients close. Past `health.shutdownTimeoutMs` the process exits with code 1. The deadline
 * ends with Nest's shutdown hooks (after the listener and its connections closed): a process that
 * closed in time and lives on (tests, `app.close()` from code) is never exited later.
 *
 * @internal
 */
@Injectable()
export class GracefulShutdown implements BeforeApplicationShutdown, OnApplicationShutdown {
  private draining = false;
  private deadline: NodeJS.Timeout | undefined;

  constructor(
    @Inject(OBSERVABILITY_OPTIONS) private readonly options: ResolvedObservabilityOptions,
    @Inject(RequestPipeline) private readonly pipeline: RequestPipeline,
  ) {}

  /** True from the shutdown signal on: readiness answers 503. */
  get isDraining(): boolean {
    return this.draining;
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    if (signal === undefined) return; // app.close() from code (tests): no drain
    const { drainDelayMs, shutdownTimeoutMs } = this.options.health;
    this.draining = true;
    this.pipeline.closeConnectionsAfterResponses();
    this.deadline = setTimeout(() => {
      sdkLog.error(RUNTIME_MESSAGES.shutdownTimedOut(shutdownTimeoutMs));
      process.exit(1);
    }, shutdownTimeoutMs).unref();
    sdkLog.info(RUNTIME_MESSAGES.draining(signal, drainDelayMs));
    await new Promise((resolve) => setTimeout(resolve, drainDelayMs));
  }

  /** After the listener and its connections closed in time: the deadline no longer applies. */
  onApplicationShutdown(): void {
    clearTimeout(this.deadline);
    this.deadline = undefined;
  }
}
