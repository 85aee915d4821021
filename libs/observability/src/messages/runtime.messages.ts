// The log lines the SDK writes about itself: at startup (the tracing report, the preload, the
// management port, the metrics registry) and while the service runs (readiness transitions,
// graceful shutdown, log levels changed through the management port, trace export failing and
// recovered, OpenTelemetry's own errors, instrumentation failures, the access log line).
// Metric names they quote are passed in by the caller.

/** What the tracing startup report says, each part already described. @internal */
export interface TracingReport {
  /** Watched modules loaded before the preload: empty when it ran before Nest. */
  readonly loadedEarly: readonly string[];
  readonly traceExporters: readonly string[];
  readonly sampler: string;
  readonly propagators: readonly string[];
  readonly instrumentations: readonly string[];
  /** The metric exporters that push (all but `prometheus`), and how often. */
  readonly metricExporters: readonly string[];
  readonly metricIntervalMs: number;
  readonly logExporters: readonly string[];
}

const until = (seconds: number | undefined) => (seconds === undefined ? '' : ` for ${seconds} s`);

/** What the startup line says of a sampling rule: a route, or a transport and its operation. */
type SamplingRuleText =
  | { readonly route: string; readonly ratio: number }
  | {
      readonly route?: undefined;
      readonly transport: string;
      readonly operation?: string | undefined;
      readonly ratio: number;
    };

/** How the startup line names each `tracing.nestSpans` mode. */
const NEST_SPANS_SHOWN = {
  both: 'controller and handler spans',
  controller: "controller spans only: tracing.nestSpans 'controller'",
  none: "no spans: tracing.nestSpans 'none'",
} as const;

/** @internal */
export const RUNTIME_MESSAGES = {
  tracingReport: (report: TracingReport) =>
    [
      report.loadedEarly.length === 0
        ? 'Tracing started before Nest'
        : `Tracing started AFTER ${report.loadedEarly.join(', ')} loaded: their calls are not traced; preload it: node --import nestjs-observability/register dist/main.js`,
      `exporter ${report.traceExporters.join(' + ') || 'none'}`,
      `sampler ${report.sampler}`,
      `propagators ${report.propagators.join(',') || 'none'}`,
      `instrumentations: ${report.instrumentations.join(', ')}`,
      ...(report.metricExporters.length > 0
        ? [
            `metrics pushed every ${report.metricIntervalMs} ms (${report.metricExporters.join(' + ')})`,
          ]
        : []),
      ...(report.logExporters.length > 0
        ? [`log lines also sent as log records (${report.logExporters.join(' + ')})`]
        : []),
    ].join('; '),
  exporter: (name: string, protocol: string, endpoint: string) =>
    name === 'otlp' ? `otlp ${protocol} ${endpoint}` : name,
  sampler: (
    name: string,
    ratio: number,
    rules: readonly SamplingRuleText[],
    parents: 'ignored' | 'obeyed' | 'not-trusted',
  ) =>
    `${name}, root ratio ${ratio}` +
    (rules.length === 0
      ? ''
      : `, rules ${rules.map((r) => `${RUNTIME_MESSAGES.samplingRule(r)}=${r.ratio}`).join(' ')}`) +
    (parents === 'ignored'
      ? ', parents ignored'
      : parents === 'obeyed'
        ? ', incoming sampled flag obeyed'
        : ', incoming sampled flag not trusted: our ratio decides'),
  /** A sampling rule as the startup line names it: `/models/:id`, `nats`, `bullmq:reports-*`. */
  samplingRule: (rule: SamplingRuleText): string =>
    rule.route !== undefined
      ? rule.route
      : rule.operation === undefined
        ? rule.transport
        : `${rule.transport}:${rule.operation}`,
  instrumentationPatched: (name: string, versions: readonly string[]) =>
    `${name} patched${versions.length > 0 ? ` ${versions.join('/')}` : ''}`,
  instrumentationNotPatched: (name: string) =>
    `${name} loaded but NOT patched (an unsupported version, or loaded before the preload)`,
  instrumentationNotLoaded: (name: string) => `${name} not loaded`,
  nestSpans: (
    version: string | undefined,
    installed: boolean,
    reason: string | undefined,
    mode: 'both' | 'controller' | 'none' = 'both',
  ) =>
    installed
      ? `nest ${version ?? '(version unknown)'} (${NEST_SPANS_SHOWN[mode]})`
      : reason === 'unsupported-version'
        ? `nest ${version ?? '(not found)'} NOT instrumented (controller spans are tested on ` +
          `@nestjs/core 11 and 12 only; install one of them)`
        : `nest ${version ?? '(version unknown)'} NOT instrumented (its RouterExecutionContext ` +
          `has no create method)`,
  microservices: (version: string | undefined, installed: boolean, propagates: boolean) =>
    !installed
      ? 'microservices not installed'
      : `microservices ${version ?? '(version unknown)'} (handler, client and producer spans${
          propagates
            ? ')'
            : '; its ClientProxy has no setOnDispatchHook: trace context is not sent, upgrade to @nestjs/microservices 12.0.4 or later, see docs/messaging.md#nest-11)'
        }`,
  noPreload: () =>
    'Tracing was not started by the preload: spans go to the tracer provider the application ' +
    'registered, if any, and http, pg and ioredis calls are not traced. Fix: start the service ' +
    'with node --import nestjs-observability/register dist/main.js (or --require).',
  tracingDisabled: () =>
    'Tracing disabled by OTEL_SDK_DISABLED=true: no span is recorded or exported.',
  secondModule: () =>
    'A second ObservabilityModule started in this process: the first one named the service and ' +
    'chose the sampling; this one changes neither. Fix: import ObservabilityModule once, in the ' +
    'root module.',
  managementPort: (host: string, port: number, paths: readonly string[]) =>
    `Management port: http://${host}:${port} (${paths.join(', ')})`,
  misnamedGaugesRemoved: (names: readonly string[]) =>
    `Removed ${names.join(', ')} from the metrics registry: prom-client's default metrics name ` +
    `these gauges *_total, which Prometheus reserves for counters (promtool check metrics ` +
    `rejects them). The same values stay in the gauges without _total.`,
  foreignMetricsBounded: (count: number, maxSeries: number, version: string, overflow: string) =>
    `prom-client ${version}: the application's own metrics (${count} so far, and those registered ` +
    `later) hold at most ${maxSeries} series each (metrics.maxSeries); more label sets are ` +
    `counted in ${overflow}.`,
  promClientUnsupported: (version: string) =>
    `prom-client ${version} is not the 15.x this SDK bounds: the application's own metrics are ` +
    `not limited in series. Fix: install prom-client 15 (npm install prom-client@15).`,
  fatalError: (origin: string) =>
    origin === 'unhandledRejection'
      ? 'Unhandled promise rejection: the process exits (code 1).'
      : 'Uncaught exception: the process exits (code 1).',
  ready: () => 'Ready: every readiness check is up.',
  notReady: (down: readonly string[]) => `Not ready: ${down.join(', ')} down.`,
  optionalDown: (down: readonly string[]) =>
    `Still ready, without ${down.join(', ')}: non-critical readiness check(s) down (registered ` +
    `with { critical: false }); the service serves without them.`,
  optionalUp: () => 'Every non-critical readiness check is up again.',
  draining: (signal: string, drainDelayMs: number) =>
    `${signal}: readiness fails from now; serving for ${drainDelayMs} ms before closing.`,
  shutdownTimedOut: (shutdownTimeoutMs: number) =>
    `Shutdown took longer than health.shutdownTimeoutMs (${shutdownTimeoutMs} ms): exiting with code 1.`,
  logLevelSet: (level: string, seconds: number | undefined) =>
    `Log level set to ${level}${until(seconds)} through the management port.`,
  contextLogLevelSet: (context: string, level: string, seconds: number | undefined) =>
    `Log level of ${context} set to ${level}${until(seconds)} through the management port.`,
  contextLogLevelCleared: (context: string) =>
    `Log level of ${context} cleared through the management port.`,
  metricsRenderFailed: (error: string) => `Rendering the metrics failed: ${error}`,
  traceExportFailing: (endpoint: string, detail: string, droppedMetric: string) =>
    `Trace export to ${endpoint} failing (${detail}): spans are dropped and counted in ` +
    `${droppedMetric}; requests are not affected.`,
  traceExportRecovered: (endpoint: string, detail: string) =>
    `Trace export to ${endpoint} recovered: ${detail}.`,
  exportDelivering: () => 'delivering again',
  exportFailed: () => 'export failed',
  exportNoAnswer: (deadlineMs: number) => `no answer within ${deadlineMs} ms`,
  exportDeadlineExceeded: () => 'export deadline exceeded',
  notPushedOverOtlp: (type: string, name: string) => `${type} ${name} is not pushed over OTLP`,
  metricNotFoundByName: (name: string) =>
    `metric ${name} is left out: the registry holds it under another name (was it renamed?)`,
  openTelemetryReported: (detail: string) => `OpenTelemetry reported: ${detail}`,
  instrumentationFailed: (site: string, stage: string, errorsMetric: string, cause: string) =>
    `Instrumentation of ${site} failed at ${stage}; the call itself was not affected. ` +
    `Later failures here are only counted in ${errorsMetric}. ` +
    `Cause: ${cause}`,
  requestCompleted: () => 'request completed',
} as const;
