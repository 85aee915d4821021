import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import { RUNTIME_MESSAGES } from '../messages/runtime.messages';
import { readTelemetryEnvironment } from '../environment/telemetry-environment';
import { sdkLog } from '../logging/sdk-logger';
import type { ResolvedObservabilityOptions } from '../options/observability-options.interface';
import type { TelemetrySdk } from '../telemetry/telemetry-sdk';
import { findPreloadOffer } from '../telemetry/preload-handoff';
import { nestSpansState } from '../nest/nest-spans.adapter';
import { microservicesState } from '../messaging/microservices.adapter';

/** How long shutdown may spend delivering the last telemetry, collector up or not. */
export const TELEMETRY_SHUTDOWN_DEADLINE_MS = 2000;

/**
 * Delivers the module's settings to the preload's SDK as soon as the options are resolved (before
 * any provider of the application starts, so a slow database connection at boot never delays
 * the service's name on the first spans). Once per process; a second module is told it changed
 * nothing.
 *
 * @internal
 */
export function deliverToPreload(options: ResolvedObservabilityOptions): void {
  const { serviceName, serviceVersion, environment, tracing } = options;
  const delivered = findPreloadOffer<TelemetrySdk>()?.deliver({
    identity: { name: serviceName, version: serviceVersion, environment },
    sampling: {
      ratio: tracing.sampleRatio,
      trustIncoming: tracing.trustIncomingSampling,
      rules: tracing.rules,
    },
  });
  if (delivered === false) sdkLog.warn(RUNTIME_MESSAGES.secondModule(), 'Tracing');
}

/**
 * Joins the preload's OpenTelemetry SDK to the application (whose settings `deliverToPreload`
 * gave it when the options were resolved): logs the startup report, and delivers the last spans, metrics and log records when the application shuts down
 * (after the drain and the in-flight requests), within 2 s, collector up or not.
 *
 * @internal
 */
@Injectable()
export class TelemetryLink implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly offer = findPreloadOffer<TelemetrySdk>();

  onApplicationBootstrap(): void {
    const sdk = this.offer?.sdk;
    if (sdk === undefined) {
      if (readTelemetryEnvironment().settings.disabled)
        sdkLog.info(RUNTIME_MESSAGES.tracingDisabled(), 'Tracing');
      else sdkLog.warn(RUNTIME_MESSAGES.noPreload(), 'Tracing');
      return;
    }
    const { version, installed, reason, mode } = nestSpansState();
    const nest = RUNTIME_MESSAGES.nestSpans(version, installed, reason, mode);
    const ms = microservicesState();
    const parts = [nest, RUNTIME_MESSAGES.microservices(ms.version, ms.installed, ms.propagates)];
    if (sdk.lateModules.length > 0) sdkLog.warn(sdk.report(parts), 'Tracing');
    else sdkLog.info(sdk.report(parts), 'Tracing');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.offer?.sdk.shutdown(TELEMETRY_SHUTDOWN_DEADLINE_MS);
  }
}
