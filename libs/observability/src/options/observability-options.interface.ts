import type { LogLevel } from '../observability.constants';
import type { SloDefinition } from '../slo/slo.interface';

/**
 * A sampling rule for the requests of one route: the share of their traces to keep.
 *
 * @example { route: '/health', ratio: 0 } // never sampled
 * @publicApi
 */
export interface RouteSamplingRule {
  /**
   * A route template (`/models/:id`, `/health`, `/admin/*`), matched against the path of an
   * incoming request whose trace starts here (no local parent).
   */
  readonly route: string;
  /** Share of those traces to keep, from 0 (never sampled) to 1 (always). */
  readonly ratio: number;
  /** Not in a route rule: a rule selects by route or by transport, never both. */
  readonly transport?: never;
  /** Not in a route rule (see `TransportSamplingRule`). */
  readonly operation?: never;
}

/**
 * A sampling rule for the work a transport brings in: a `@MessagePattern` or gRPC handler's call,
 * an `@EventPattern` message, a BullMQ job attempt, a scheduled task run or an `@OnEvent`
 * listener call whose trace starts here (no local parent).
 *
 * @example { transport: 'nats', ratio: 0 } // no NATS handler starts a sampled trace
 * @example { transport: 'bullmq', operation: 'reports-*', ratio: 0.1 }
 * @publicApi
 */
export interface TransportSamplingRule {
  /**
   * The transport, as spans name it in `rpc.system` or `messaging.system`: `tcp`, `redis`,
   * `nats`, `mqtt`, `grpc`, `rabbitmq`, `kafka`, a custom transport's name, `bullmq`,
   * `event_emitter`; and `schedule` for `@Cron`, `@Interval` and `@Timeout` tasks.
   */
  readonly transport: string;
  /**
   * The operation within the transport: the handler's pattern (`rpc.method`, or
   * `messaging.destination.name` for an event), the gRPC method (`pkg.Service/Method`), the
   * queue, the event name, or the task's name. `*` matches any run of characters
   * (`orders.*`). Matched whole and case-sensitively.
   * @default every operation of the transport
   */
  readonly operation?: string;
  /** Share of those traces to keep, from 0 (never sampled) to 1 (always). */
  readonly ratio: number;
  /** Not in a transport rule: a rule selects by route or by transport, never both. */
  readonly route?: never;
}

/**
 * A rule of the sampler: the share of traces to keep for one route, or for one transport's
 * work (optionally one operation of it). The first matching rule of `tracing.rules` decides.
 *
 * @publicApi
 */
export type SamplingRule = RouteSamplingRule | TransportSamplingRule;

/**
 * Credentials the metrics endpoint and the management port's runtime controls require: a bearer
 * token (`Authorization: Bearer <token>`, what Prometheus's `authorization` scrape setting sends)
 * or a user and password (HTTP basic authentication). The probes never require them.
 *
 * @publicApi
 */
export type EndpointAuth =
  { readonly bearerToken: string } | { readonly username: string; readonly password: string };

/**
 * HTTP options: what the request pipeline records.
 *
 * @publicApi
 */
export interface HttpOptions {
  /**
   * Requests that get no span, no metrics and no access-log line, decided when the request
   * arrives: a path matches the request's path without its query string; a route template
   * (`/items/:id`, `/files/*`, global prefix included) matches the paths it routes, as
   * `tracing.rules` do. The SDK's own endpoints are in the default list; a path removed from it
   * is recorded like any other.
   * @default ['/metrics', '/health', '/ready'] (the configured paths of the SDK's endpoints)
   */
  excludePaths?: readonly string[];
}

/**
 * Metrics options.
 *
 * @publicApi
 */
export interface MetricsOptions {
  /**
   * Prefix put in front of the names of the HTTP, runtime, messaging, job and scheduled-task
   * metrics (`http_requests_total` becomes `${prefix}http_requests_total`). Decorator metrics keep the names they were declared
   * with: they exist before the module is configured. Must be a valid Prometheus metric name prefix:
   * letters, digits, `_` and `:`, not starting with a digit.
   * @default '' (no prefix: the conventional names users already query)
   */
  prefix?: string;
  /**
   * Records `http_requests_total`, `http_request_duration_seconds` and `http_requests_active` for
   * every HTTP request, when the response is finished (or the connection closed first).
   * @default true
   */
  http?: boolean;
  /**
   * Records the Node process's saturation signals: CPU, memory, event-loop lag and utilisation,
   * GC, handles (prom-client's default metrics plus `nodejs_eventloop_utilization_ratio`), under
   * `prefix`.
   * @default true
   */
  runtime?: boolean;
  /**
   * Bucket upper bounds of `http_request_duration_seconds`, in seconds, strictly increasing.
   * @default [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.25, 0.3, 0.5, 0.75, 1, 2.5, 5, 10]
   */
  httpBuckets?: readonly number[];
  /**
   * Most series each HTTP metric may hold; requests beyond go to one `__overflow__` series,
   * counted in `observability_series_overflow_total{metric}`.
   * @default 2000
   */
  maxSeries?: number;
  /**
   * Path of the Prometheus endpoint. It is answered at the HTTP server itself, before the
   * framework: no global prefix, no guards, no middleware apply to it. A controller of the
   * application that serves the same path is a startup error (the SDK never takes a route over
   * silently). `false` serves no endpoint at all: the SDK's metrics stay in prom-client's default
   * registry, for a controller of your own to render.
   * @default '/metrics'
   */
  path?: string | false;
  /**
   * A management port to serve the metrics endpoint on instead of the application's port, which
   * then answers 404 for it. `0` picks a free port. Leave it out to serve on the application port.
   * @default undefined (the application's port)
   */
  port?: number;
  /**
   * Credentials `/metrics` requires (on the application port or the management port), and the
   * management port's runtime controls (`/loggers`, `/config`). The probes never do. Prefer the
   * management port, unexposed outside the pod network, for `/metrics`; use this where it must be
   * public.
   * @default undefined (no credentials)
   */
  auth?: EndpointAuth;
  /**
   * Interface the management port listens on.
   * @default '0.0.0.0' (reachable by Prometheus from other pods)
   */
  host?: string;
}

/**
 * Tracing options. Standard `OTEL_*` environment variables apply where an option is not set.
 *
 * @publicApi
 */
export interface TracingOptions {
  /**
   * Share of new traces to sample, from 0 (none) to 1 (all). Wins over `OTEL_TRACES_SAMPLER_ARG`.
   * @default the preload's sampler (`OTEL_TRACES_SAMPLER`, default parentbased_always_on: 1)
   */
  sampleRatio?: number;
  /**
   * Whether an incoming `traceparent`'s sampled flag decides sampling here. Either way the trace
   * continues (same trace id, the caller's span as parent); when false, a caller outside the
   * service cannot force or suppress sampling: our own ratio decides.
   * @default false
   */
  trustIncomingSampling?: boolean;
  /**
   * Sampling by route or by transport: the first rule that matches a trace starting here decides,
   * with its own ratio (0: never sampled). A route rule's template (`/models/:id`, `/admin/*`)
   * matches an incoming request's path; a transport rule (`{ transport: 'nats' }`, optionally
   * with an `operation`) matches a handler's call, a consumed message, a job attempt, a task run
   * or a listener call. Without a match, `sampleRatio` decides. A caller's sampled flag, when
   * trusted, decides before the rules, except that a rule with ratio 0 always drops.
   * @default []
   */
  rules?: readonly SamplingRule[];
  /**
   * Response header that returns the trace context to the caller (W3C Trace Context's
   * `traceresponse`: `00-<trace id>-<span id>-<flags>`), or false for none.
   * @default 'traceresponse'
   */
  responseHeader?: string | false;
  /**
   * The Nest-level spans of each route: `'both'` (a `controller Class.method` span around
   * guards, interceptors, pipes and the handler, with a `handler Class.method` span around the
   * handler alone), `'controller'` (the outer one only: one span less per request) or `'none'`.
   * @default 'both'
   */
  nestSpans?: NestSpansMode;
}

/** Which Nest-level spans each route gets (`TracingOptions.nestSpans`). */
export type NestSpansMode = 'both' | 'controller' | 'none';

export type { LogLevel };

/**
 * What `console` calls write: JSON lines through the service's logger, or Node's plain text.
 *
 * @publicApi
 */
export type ConsoleOutput = 'json' | 'keep';

/**
 * Log options: JSON lines through nestjs-pino, with the trace context and secrets redacted.
 *
 * @publicApi
 */
export interface LoggingOptions {
  /**
   * Lowest level written.
   * @default process.env.LOG_LEVEL, else 'info'
   */
  level?: LogLevel;
  /**
   * Human-readable output (pino-pretty) instead of JSON lines: for a developer's terminal only.
   * @default true when process.env.LOG_FORMAT is 'pretty'
   */
  pretty?: boolean;
  /**
   * Request headers the access log keeps (lower case); all others are left out. Secret headers
   * (`authorization`, `cookie`, `x-api-key`, ...) stay redacted even when listed.
   * @default ['accept', 'content-length', 'content-type', 'user-agent']
   */
  requestHeaders?: readonly string[];
  /**
   * One access-log line per request (method, route, status, duration).
   * @default true
   */
  accessLog?: boolean;
  /**
   * What `console.log`, `info`, `debug`, `warn`, `error` and `trace` calls (the application's and
   * its dependencies') write while the application runs: `'json'` makes each one a JSON line
   * like every other (context `console`, the level its method says, secrets cut), so that every
   * line of the service's output parses; `'keep'` leaves them as plain text from Node's console.
   * `console` gets its own methods back when the application shuts down.
   * @default 'json'
   */
  console?: ConsoleOutput;
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
  /**
   * How long a check result is reused: probes arriving meanwhile share it, so 1,000 probes a
   * second cost one check per dependency per period.
   * @default 1000
   */
  cacheMs?: number;
  /** Path of the liveness probe. @default '/health' */
  livenessPath?: string;
  /** Path of the readiness probe. @default '/ready' */
  readinessPath?: string;
  /**
   * Public probe bodies name each check with up or down and nothing else; `true` adds the
   * details (versions, latencies, error messages). Keep it off on a public port.
   * @default false
   */
  details?: boolean;
  /**
   * After SIGTERM, how long readiness fails while the service keeps serving, so that Kubernetes
   * stops routing to the pod before its listener closes.
   * @default 5000
   */
  drainDelayMs?: number;
  /**
   * Longest a shutdown may take, drain included; past it the process exits with code 1.
   * @default 25000
   */
  shutdownTimeoutMs?: number;
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
  /** HTTP options. @default {} (see each field) */
  http?: HttpOptions;
  /** Tracing options. @default {} (see each field) */
  tracing?: TracingOptions;
  /** Log options. @default {} (see each field) */
  logging?: LoggingOptions;
  /** Health-probe options. @default {} (see each field) */
  health?: HealthOptions;
  /**
   * Service-level objectives. A latency SLO on HTTP traffic adds its threshold to the buckets of
   * `http_request_duration_seconds`; one on a `@Timed` method must name a bucket of its histogram.
   * @default []
   */
  slos?: readonly SloDefinition[];
}

/**
 * Options after defaults are applied and validation passed: every field present.
 *
 * @publicApi
 */
export interface ResolvedObservabilityOptions {
  /** See `ObservabilityModuleOptions.serviceName` (trimmed). */
  readonly serviceName: string;
  /** See `ObservabilityModuleOptions.serviceVersion`. */
  readonly serviceVersion: string;
  /** See `ObservabilityModuleOptions.environment`. */
  readonly environment: string;
  /** Every `MetricsOptions` field; `port` and `auth` only when set. */
  readonly metrics: Readonly<
    Required<Omit<MetricsOptions, 'port' | 'auth'>> & Pick<MetricsOptions, 'port' | 'auth'>
  >;
  /** Every `HttpOptions` field. */
  readonly http: Readonly<Required<HttpOptions>>;
  /** Every `TracingOptions` field, `sampleRatio` only when set (else the preload's sampler). */
  readonly tracing: Readonly<
    Required<Omit<TracingOptions, 'sampleRatio'>> & Pick<TracingOptions, 'sampleRatio'>
  >;
  /** Every `LoggingOptions` field. */
  readonly logging: Readonly<Required<LoggingOptions>>;
  /** Every `HealthOptions` field. */
  readonly health: Readonly<Required<HealthOptions>>;
  /** The SLOs, validated. */
  readonly slos: readonly SloDefinition[];
}
