/**
 * Metrics options.
 *
 * @publicApi
 */
export interface MetricsOptions {
  /**
   * Prefix put in front of the SDK's own metric names (`http_requests_total` becomes
   * `${prefix}http_requests_total`). Must be a valid Prometheus metric name prefix:
   * letters, digits, `_` and `:`, not starting with a digit.
   * @default '' (no prefix: the conventional names users already query)
   */
  prefix?: string;
}

/**
 * Tracing options. Standard `OTEL_*` environment variables apply where an option is not set.
 *
 * @publicApi
 */
export interface TracingOptions {
  /**
   * Share of new traces to sample, from 0 (none) to 1 (all).
   * @default 1
   */
  sampleRatio?: number;
}

/**
 * Health-probe options.
 *
 * @publicApi
 */
export interface HealthOptions {
  /**
   * How long one dependency check may take before it counts as down, in milliseconds.
   * @default 1000
   */
  timeoutMs?: number;
}

/**
 * Options of `ObservabilityModule.forRoot()` and of the factory of `forRootAsync()`.
 * Only `serviceName` is required; every other field has the documented default.
 *
 * @publicApi
 * @example
 * ObservabilityModule.forRoot({ serviceName: 'prediction-api', tracing: { sampleRatio: 0.1 } })
 */
export interface ObservabilityModuleOptions {
  /**
   * Logical name of the service: the `service` of every log line, the `service.name` resource of
   * every span, the `job` users will filter on. Non-empty, at most 128 characters.
   */
  serviceName: string;
  /**
   * Version of the running service (`service.version`).
   * @default process.env.npm_package_version, else '0.0.0'
   */
  serviceVersion?: string;
  /**
   * Deployment environment (`deployment.environment.name`), such as `production`.
   * @default process.env.NODE_ENV, else 'development'
   */
  environment?: string;
  /** Metrics options. @default {} (see each field) */
  metrics?: MetricsOptions;
  /** Tracing options. @default {} (see each field) */
  tracing?: TracingOptions;
  /** Health-probe options. @default {} (see each field) */
  health?: HealthOptions;
}

/**
 * Options after defaults are applied and validation passed: every field present.
 *
 * @publicApi
 */
export interface ResolvedObservabilityOptions {
  readonly serviceName: string;
  readonly serviceVersion: string;
  readonly environment: string;
  readonly metrics: Readonly<Required<MetricsOptions>>;
  readonly tracing: Readonly<Required<TracingOptions>>;
  readonly health: Readonly<Required<HealthOptions>>;
}
