import type { ResolvedObservabilityOptions } from './observability-options.interface';

/**
 * Default values of every optional `ObservabilityModule` option, in one place.
 *
 * @internal
 */
export const OPTION_DEFAULTS: Omit<ResolvedObservabilityOptions, 'serviceName'> = {
  serviceVersion: '0.0.0',
  environment: 'development',
  metrics: { prefix: '' },
  tracing: { sampleRatio: 1 },
  health: { timeoutMs: 1000 },
};
