import type { ResolvedObservabilityOptions } from './observability-options.interface';

/**
 * Default values of every optional `ObservabilityModule` option, in one place.
 *
 * @internal
 */
export const OPTION_DEFAULTS: Omit<ResolvedObservabilityOptions, 'serviceName'> = {
  serviceVersion: '0.0.0',
  environment: 'development',
  metrics: {
    prefix: '',
    http: true,
    runtime: true,
    httpBuckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.25, 0.3, 0.5, 0.75, 1, 2.5, 5, 10],
    maxSeries: 2000,
    path: '/metrics',
    host: '0.0.0.0',
  },
  http: { excludePaths: ['/metrics', '/health', '/ready'] },
  tracing: {
    trustIncomingSampling: false,
    responseHeader: 'traceresponse',
    rules: [],
    nestSpans: 'both',
  },
  logging: {
    level: 'info',
    pretty: false,
    requestHeaders: ['accept', 'content-length', 'content-type', 'user-agent'],
    accessLog: true,
    console: 'json',
  },
  health: {
    timeoutMs: 1000,
    cacheMs: 1000,
    livenessPath: '/health',
    readinessPath: '/ready',
    details: false,
    drainDelayMs: 5000,
    shutdownTimeoutMs: 25000,
  },
  slos: [],
};
