export { ObservabilityModule } from './observability.module';
export { OBSERVABILITY_LOGGER, OBSERVABILITY_OPTIONS } from './observability.constants';
export { Logger as ObservabilityLogger } from 'nestjs-pino';
export { startTracing } from './tracing/start-tracing';
export type { StartTracingOptions } from './tracing/start-tracing';
export { tracingSettingsFromEnv } from './tracing/tracing-settings';
export type {
  OtlpProtocol,
  SamplerName,
  TraceExporterKind,
  TracingSettings,
} from './tracing/tracing-settings';
export { traceFields } from './logging/trace-fields';
export type { TraceFields } from './logging/trace-fields';
export { isSecretKey, REDACTED, redactFields, redactQuery, redactText } from './logging/redaction';
export { REQUEST_ID_HEADER } from './logging/request-id';
export { resolveOptions } from './options/resolve-options';
export { ObservabilityConfigError } from './errors/observability-config.error';
export type { OptionProblem } from './errors/observability-config.error';
export { ObservabilityDefinitionError } from './errors/observability-definition.error';
export type { DefinitionErrorCode } from './errors/observability-definition.error';
export type {
  HealthOptions,
  LoggingOptions,
  LogLevel,
  MetricsOptions,
  ObservabilityModuleOptions,
  ResolvedObservabilityOptions,
  TracingOptions,
} from './options/observability-options.interface';
export { Traced } from './decorators/traced.decorator';
export { Timed } from './decorators/timed.decorator';
export { Counted } from './decorators/counted.decorator';
export type { InstrumentationDecorator } from './decorators/instrumentation-decorator';
export type {
  AttributeSource,
  CountedOptions,
  InstrumentedCall,
  LabelValue,
  MetricDecoratorOptions,
  TimedOptions,
  TracedOptions,
} from './decorators/decorator-options.interface';
export type { CallOutcome } from './instrument/call-record';
export { EXPOSITION_CONTENT_TYPES, renderMetrics } from './metrics/exposition';
export type { ExpositionFormat } from './metrics/exposition';
export { ObservabilityTestKit } from './testing/observability-test-kit';
export type { HistogramReading } from './testing/metric-reader';
export { ReadinessChecks } from './health/readiness-checks';
export type { ReadinessCheck } from './health/readiness-checks';
export { ModelHealthIndicator } from './health/indicators/model.health';
export type { ServedModel } from './health/indicators/model.health';
export { DatabaseHealthIndicator } from './health/indicators/database.health';
export { RedisHealthIndicator } from './health/indicators/redis.health';
export type { SloDefinition, SloTarget } from './slo/slo.interface';
export { budgetSpent, burnRate, errorBudget, errorBudgetReport } from './slo/error-budget';
export type { ErrorBudgetReport } from './slo/error-budget';
export { durationSeconds } from './slo/duration';
export {
  goldenSignalAlerts,
  renderRuleFile,
  sloAlertRules,
  sloRecordingRules,
} from './slo/prometheus-rules';
export type { PrometheusRule, RuleGroup, RuleOptions } from './slo/prometheus-rules';
export { generateDeployFiles, generatePrometheusFiles } from './slo/prometheus-files';
export { dashboardRows } from './slo/dashboard-panels';
export type { PanelQuery, PanelSpec, RowSpec } from './slo/dashboard-panels';
export { grafanaDashboard } from './slo/grafana-dashboard';
