import { NodeSDK } from '@opentelemetry/sdk-node';
import type { EnvironmentWarning } from '../environment/env-reader';
import { readProcessEnvironment } from '../environment/process-environment';
import type { TelemetryEnvironment } from '../environment/telemetry-environment';
import { sdkLog } from '../logging/sdk-logger';
import { RUNTIME_MESSAGES } from '../messages/runtime.messages';
import { OPTION_DEFAULTS } from '../options/defaults';
import { routeOpenTelemetryDiagnostics } from './diagnostics';
import {
  instrumentationReport,
  loadedBeforePreload,
  telemetryInstrumentations,
} from './instrumentations';
import { logProcessors } from './log-processors';
import { metricReaders } from './metric-readers';
import type { ModuleSettings, PreloadOffer, ServiceIdentity } from './preload-handoff';
import { telemetryPropagator } from './propagators';
import { telemetryResource } from './resource';
import { EdgeSampler } from './sampling/edge-sampler';
import type { SpanPipeline } from './spans/span-processors';
import { spanPipeline } from './spans/span-processors';

/**
 * How long spans wait for the module to name the service before the environment's name is used:
 * the module delivers it when its options are resolved, early in the application's startup; a
 * process without the module gets its name from `OTEL_SERVICE_NAME` after this long. Generous: a
 * cold start on a pod with a small CPU limit (or a loaded CI machine) took over 10 s, and every
 * span of the process then carried `unknown_service:node`.
 */
const IDENTITY_FALLBACK_MS = 60_000;

/**
 * The OpenTelemetry SDK of this process: `NodeSDK`, given every component explicitly from the
 * settings the preload read (so nothing is parsed twice): the resource with its detectors, the
 * edge sampler, span limits, the propagators, the instrumentations, the span processors (redaction,
 * then a counted `BatchSpanProcessor` per exporter), the metric readers and the log processors.
 * It is offered to the module (`deliver`), which settles the service's identity and sampling once.
 *
 * @internal
 */
export class TelemetrySdk implements PreloadOffer<TelemetrySdk> {
  readonly sdk = this;
  private readonly node: NodeSDK;
  private readonly sampler: EdgeSampler;
  private readonly spans: SpanPipeline;
  private readonly loadedEarly = loadedBeforePreload();
  private settleIdentity: ((identity: ServiceIdentity) => void) | undefined;
  private delivered = false;
  private stopped: Promise<void> | undefined;

  constructor(
    readonly settings: TelemetryEnvironment,
    readonly warnings: readonly EnvironmentWarning[],
  ) {
    const identity = new Promise<ServiceIdentity>((resolve) => (this.settleIdentity = resolve));
    const fallback = setTimeout(
      () => this.resolveIdentity(environmentIdentity(settings)),
      IDENTITY_FALLBACK_MS,
    );
    fallback.unref();
    this.sampler = new EdgeSampler(settings.sampler.name, settings.sampler.ratio);
    this.spans = spanPipeline(settings);
    const metrics = metricReaders(settings);
    this.node = new NodeSDK({
      autoDetectResources: false,
      resource: telemetryResource(settings, identity),
      sampler: this.sampler,
      spanLimits: settings.spanLimits,
      spanProcessors: this.spans.processors,
      textMapPropagator: telemetryPropagator(settings.propagators),
      instrumentations: telemetryInstrumentations(),
      metricReaders: metrics.readers,
      views: metrics.views,
      // Always given, empty unless OTEL_LOGS_EXPORTER is set: stdout stays the logs' primary path.
      logRecordProcessors: logProcessors(settings),
    });
    routeOpenTelemetryDiagnostics(settings.diagnostics);
  }

  /** Starts the SDK and reports every environment variable that could not be used. */
  start(): this {
    this.node.start();
    for (const warning of this.warnings) sdkLog.warn(warning.message, 'Tracing');
    return this;
  }

  deliver(settings: ModuleSettings): boolean {
    if (this.delivered) return false;
    this.delivered = true;
    this.resolveIdentity(settings.identity);
    this.sampler.apply(settings.sampling);
    return true;
  }

  /** Whether modules the preload must precede were loaded before it. */
  get lateModules(): readonly string[] {
    return this.loadedEarly;
  }

  /** One line: before Nest or not, the exporters, the sampler, what was patched; `extra` from the module. */
  report(extra: readonly string[] = []): string {
    const { traces, metrics, logs } = this.settings;
    const described =
      (target: { readonly protocol: string; readonly endpoint: string }) => (name: string) =>
        RUNTIME_MESSAGES.exporter(name, target.protocol, target.endpoint);
    return RUNTIME_MESSAGES.tracingReport({
      loadedEarly: this.loadedEarly,
      traceExporters: traces.exporters.map(described(traces)),
      sampler: this.sampler.toString(),
      propagators: this.settings.propagators,
      instrumentations: [...instrumentationReport(), ...extra],
      metricExporters: metrics.exporters.filter((e) => e !== 'prometheus').map(described(metrics)),
      metricIntervalMs: metrics.intervalMs,
      logExporters: logs.exporters.map(described(logs)),
    });
  }

  /**
   * Delivers what it can within `deadlineMs` and stops: spans still queued at the deadline are
   * counted as dropped (`shutdown`). Never takes longer than the deadline; later calls wait for the
   * first.
   */
  shutdown(deadlineMs: number): Promise<void> {
    this.stopped ??= new Promise<void>((resolve) => {
      this.resolveIdentity(environmentIdentity(this.settings));
      const timer = setTimeout(() => {
        this.spans.drop('shutdown', this.spans.queuedSpans());
        resolve();
      }, deadlineMs);
      timer.unref();
      this.node.shutdown().then(
        () => {
          clearTimeout(timer);
          resolve();
        },
        () => {
          clearTimeout(timer);
          resolve();
        },
      );
    });
    return this.stopped;
  }

  private resolveIdentity(identity: ServiceIdentity): void {
    this.settleIdentity?.(identity);
    this.settleIdentity = undefined;
  }
}

/** The identity the module would give, from the environment alone (the module's own defaults). */
function environmentIdentity(settings: TelemetryEnvironment): ServiceIdentity {
  const process = readProcessEnvironment().settings;
  return {
    name: settings.serviceName ?? 'unknown_service:node',
    version: process.packageVersion ?? OPTION_DEFAULTS.serviceVersion,
    environment: process.nodeEnv ?? OPTION_DEFAULTS.environment,
  };
}
