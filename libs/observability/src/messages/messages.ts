import { describeValue } from './describe-value';

/**
 * Every definition-time and setup error message, as data: each names the place, the bad value and the fix.
 *
 * @internal
 */
export const MESSAGES = {
  notAMethod: (decorator: string, site: string, what: string) =>
    `@${decorator}() on ${site}: it can only decorate a method or a class, and ${site} is ${what}. ` +
    `Fix: move @${decorator}() to a method, or to the class to instrument all its methods.`,
  alreadyTraced: (site: string) =>
    `@Traced() is applied twice to ${site}: one call would open two identical spans. ` +
    `Fix: keep one @Traced() on the method.`,
  classWideSpanName: (className: string, name: string) =>
    `@Traced(${describeValue(name)}) on class ${className}: a span name on a class would give every ` +
    `method the same span name. Fix: use @Traced() on the class (spans are named ClassName.method), ` +
    `or put the named @Traced() on one method.`,
  unknownExclusion: (decorator: string, className: string, method: string, methods: string[]) =>
    `@${decorator}({ exclude }) on class ${className}: ${describeValue(method)} is not one of its ` +
    `methods (${methods.join(', ') || 'none'}). Fix: list method names declared on ${className}.`,
  invalidMetricName: (site: string, name: string, rule: string) =>
    `${site}: metric name ${describeValue(name)} is invalid: ${rule}.`,
  invalidLabelName: (site: string, metric: string, label: string, rule: string) =>
    `${site}: label ${describeValue(label)} of metric ${metric} is invalid: ${rule}.`,
  invalidOption: (site: string, option: string, value: unknown, expected: string, fix: string) =>
    `${site}: option ${option} = ${describeValue(value)} is invalid: expected ${expected}. Fix: ${fix}`,
  metricConflict: (name: string, existing: string, requested: string) =>
    `Metric ${name} is defined twice with different shapes: first as ${existing}, now as ` +
    `${requested}. One name must keep one type, one label set and one set of buckets. ` +
    `Fix: give the second definition its own metric name, or make both definitions identical.`,
  environmentValue: (name: string, value: string, expected: string, fix: string, used: string) =>
    `${name}=${value} cannot be used: expected ${expected}. Fix: ${fix}. Using ${used} meanwhile.`,
  traceExportFailing: (endpoint: string, detail: string) =>
    `Trace export to ${endpoint} failing (${detail}): spans are dropped and counted in ` +
    `observability_spans_dropped_total; requests are not affected.`,
  traceExportRecovered: (endpoint: string, detail: string) =>
    `Trace export to ${endpoint} recovered: ${detail}.`,
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
  missingPackage: (feature: string, packageName: string) =>
    `${feature} needs the package ${packageName}, which is not installed. ` +
    `Fix: npm install ${packageName} (it is an optional peer dependency of nestjs-observability).`,
  routeTakenExpected: (path: string, handler: string) =>
    `a path no controller of the application serves, but GET ${path} is mapped to ${handler} ` +
    `too, and the SDK answers it before the framework: ${handler} would never run`,
  routeTakenFix: (option: string, handler: string) =>
    option === 'metrics.path'
      ? `serve the SDK's metrics elsewhere (metrics.path: '/observability/metrics', or ` +
        `metrics.port: 9464 for a management port), or let ${handler} serve them with ` +
        `metrics.path: false (prom-client's default registry holds the SDK's metrics), or remove ` +
        `that route (with @willsoto/nestjs-prometheus, drop PrometheusModule.register(): ` +
        `makeCounterProvider() metrics are served by the SDK's endpoint as they are).`
      : `move the SDK's probe with ${option} (e.g. '/livez', '/readyz'), or remove the route ` +
        `of ${handler} (the SDK's probes run your ReadinessChecks).`,
  misnamedGaugesRemoved: (names: readonly string[]) =>
    `Removed ${names.join(', ')} from the metrics registry: prom-client's default metrics name ` +
    `these gauges *_total, which Prometheus reserves for counters (promtool check metrics ` +
    `rejects them). The same values stay in the gauges without _total.`,
  foreignMetricsBounded: (count: number, maxSeries: number, version: string) =>
    `prom-client ${version}: the application's own metrics (${count} so far, and those registered ` +
    `later) hold at most ${maxSeries} series each (metrics.maxSeries); more label sets are ` +
    `counted in observability_series_overflow_total.`,
  promClientUnsupported: (version: string) =>
    `prom-client ${version} is not the 15.x this SDK bounds: the application's own metrics are ` +
    `not limited in series. Fix: install prom-client 15 (npm install prom-client@15).`,
  managementPort: (host: string, port: number, paths: readonly string[]) =>
    `Management port: http://${host}:${port} (${paths.join(', ')})`,
  foreignMetric: (name: string) =>
    `Metric ${name} is already registered in the prom-client registry by other code. ` +
    `Fix: give the SDK metric another name, or rename the other metric.`,
  nestSpans: (version: string | undefined, installed: boolean, reason: string | undefined) =>
    installed
      ? `nest ${version ?? '(version unknown)'} (controller and handler spans)`
      : reason === 'unsupported-version'
        ? `nest ${version ?? '(not found)'} NOT instrumented (controller spans are tested on ` +
          `@nestjs/core 11 and 12 only; install one of them)`
        : `nest ${version ?? '(version unknown)'} NOT instrumented (its RouterExecutionContext ` +
          `has no create method)`,
} as const;
