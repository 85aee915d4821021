export { ObservabilityModule } from './observability.module';
export { OBSERVABILITY_OPTIONS } from './observability.constants';
export { resolveOptions } from './options/resolve-options';
export { ObservabilityConfigError } from './errors/observability-config.error';
export type { OptionProblem } from './errors/observability-config.error';
export type {
  HealthOptions,
  MetricsOptions,
  ObservabilityModuleOptions,
  ResolvedObservabilityOptions,
  TracingOptions,
} from './options/observability-options.interface';
