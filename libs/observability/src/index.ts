/**
 * `nestjs-observability`: the runtime. The module, the decorators, the health indicators and
 * readiness registry, the logger, the drift monitor, and the options with their types. The test kit
 * (`nestjs-observability/testing`), the tracing preload (`nestjs-observability/register`) and the
 * SLO generators (`nestjs-observability/slo`) are entry points of their own.
 *
 * @module
 */
export { ObservabilityModule } from './module/observability.module';
export { OBSERVABILITY_LOGGER, OBSERVABILITY_OPTIONS } from './observability.constants';
export { Logger as ObservabilityLogger } from 'nestjs-pino';
export { traceFields } from './logging/trace-fields';
export type { TraceFields } from './logging/trace-fields';
export { REQUEST_ID_HEADER } from './http/request-id';
export { resolveOptions } from './options/resolve-options';
export { ObservabilityConfigError } from './errors/observability-config.error';
export type { OptionProblem } from './errors/observability-config.error';
export { ObservabilityDefinitionError } from './errors/observability-definition.error';
export type { DefinitionErrorCode } from './errors/observability-definition.error';
export type {
  ConsoleOutput,
  EndpointAuth,
  HealthOptions,
  HttpOptions,
  LoggingOptions,
  LogLevel,
  MetricsOptions,
  ObservabilityModuleOptions,
  ResolvedObservabilityOptions,
  RouteSamplingRule,
  SamplingRule,
  TransportSamplingRule,
  TracingOptions,
  NestSpansMode,
} from './options/observability-options.interface';
export type { DriftMethod, DriftThresholds, SloDefinition, SloTarget } from './slo/slo.interface';
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
  PrimitiveAttribute,
  TimedOptions,
  TracedOptions,
} from './decorators/decorator-options.interface';
export type { CallOutcome } from './instrument/call';
export { DriftMonitor } from './ml/drift/drift-monitor';
export { ModelSignals } from './ml/model-signals';
export type {
  DriftMonitorOptions,
  DriftReference,
  DriftWindowOptions,
} from './ml/drift/drift-monitor-options.interface';
export type { DriftReport, FeatureDrift } from './ml/drift/drift-report.interface';
export type { FeatureKind } from './ml/drift/reference-profile';
export { grpcClientInterceptor } from './messaging/grpc-client.interceptor';
export type {
  GrpcClientInterceptor,
  GrpcInterceptorOptions,
} from './messaging/grpc-client.interceptor';
export { bullMqTelemetry } from './jobs/job-telemetry';
export type { JobSpan, JobTelemetry } from './jobs/job-telemetry';
export { ScheduledTaskObserver } from './scheduling/scheduled-task-observer';
export type { ObservedTaskSchedule } from './scheduling/scheduled-task-observer';
export { ReadinessChecks } from './health/readiness-checks';
export type {
  ReadinessCheck,
  ReadinessCheckOptions,
  RegisteredReadinessCheck,
} from './health/readiness-checks';
export { ModelHealthIndicator } from './health/indicators/model.health';
export type { ServedModel } from './health/indicators/model.health';
export { DatabaseHealthIndicator } from './health/indicators/database.health';
export { RedisHealthIndicator } from './health/indicators/redis.health';
