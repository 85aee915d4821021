import { LOG_LEVELS } from '../observability.constants';

/** What an option accepts and how to fix a bad value, as the startup error states them. @internal */
export interface OptionText {
  readonly expected: string;
  readonly fix: string;
}

/**
 * The text of every module option's validation: what it accepts, and the fix for a bad value.
 * `options/option-rules.ts` pairs each with its check.
 *
 * @internal
 */
export const OPTION_MESSAGES = {
  serviceName: {
    expected: 'a non-empty string of at most 128 characters',
    fix: "pass the service's name, e.g. ObservabilityModule.forRoot({ serviceName: 'prediction-api' }).",
  },
  serviceVersion: {
    expected: 'a non-empty string of at most 128 characters',
    fix: "pass the deployed version, e.g. serviceVersion: '1.4.2', or leave it out.",
  },
  environment: {
    expected: 'a non-empty string of at most 64 characters',
    fix: "pass the deployment environment, e.g. environment: 'production', or leave it out.",
  },
  'metrics.prefix': {
    expected:
      'a Prometheus metric-name prefix: letters, digits, "_" or ":", not starting with a digit',
    fix: 'replace other characters with "_" (e.g. "my_app_" instead of "my-app-"), or leave it out.',
  },
  'metrics.http': {
    expected: 'true or false',
    fix: 'pass false to turn the automatic HTTP metrics off, or leave it out.',
  },
  'metrics.runtime': {
    expected: 'true or false',
    fix: 'pass false to leave out the process and runtime metrics, or leave it out.',
  },
  'metrics.httpBuckets': {
    expected: 'a non-empty array of finite, positive, strictly increasing upper bounds in seconds',
    fix: 'pass bounds such as [0.05, 0.1, 0.25, 0.5, 1, 2.5], or leave it out.',
  },
  'metrics.maxSeries': {
    expected: 'an integer from 1 to 1000000',
    fix: 'pass a limit such as 2000, or leave it out.',
  },
  'metrics.path': {
    expected: 'a path starting with "/", without spaces, query or fragment, or false',
    fix: "pass a path such as '/metrics', false to serve no metrics endpoint, or leave it out.",
  },
  'metrics.port': {
    expected: 'a port number from 0 to 65535 (0 picks a free port)',
    fix: 'pass a management port such as 9464, or leave it out to serve metrics on the application port.',
  },
  'metrics.auth': {
    expected:
      'either { bearerToken } (a token of 16 to 4096 characters) or { username, password } (non-empty, no ":" in the username)',
    fix: 'pass metrics.auth: { bearerToken: process.env.METRICS_TOKEN }, or leave it out.',
  },
  'metrics.host': {
    expected: 'an interface address or host name',
    fix: "pass '0.0.0.0' (all interfaces) or '127.0.0.1' (this machine only), or leave it out.",
  },
  'tracing.sampleRatio': {
    expected: 'a number from 0 (sample no trace) to 1 (sample every trace)',
    fix: 'pass a ratio such as 0.1 for 10% of traces, or leave it out to use OTEL_TRACES_SAMPLER.',
  },
  'tracing.trustIncomingSampling': {
    expected: 'true or false',
    fix: 'pass true only when every caller is inside your trust boundary, or leave it out.',
  },
  'tracing.rules': {
    expected:
      'an array of { route, ratio }: a route template starting with "/" and a ratio from 0 to 1',
    fix: "pass rules such as [{ route: '/health', ratio: 0 }, { route: '/models/:id', ratio: 0.1 }], or leave it out.",
  },
  'http.excludePaths': {
    expected: 'an array of paths or route templates starting with "/"',
    fix: "pass paths such as ['/metrics', '/health', '/ready'], or leave it out.",
  },
  'tracing.responseHeader': {
    expected: 'a lower-case header name, or false',
    fix: "pass a header name such as 'traceresponse' or 'x-trace-id', or false to send none.",
  },
  'logging.level': {
    expected: LOG_LEVELS.join(', '),
    fix: "pass one of these levels, such as 'info', or leave it out to read LOG_LEVEL.",
  },
  'logging.pretty': {
    expected: 'true or false',
    fix: 'pass true for human-readable output in a terminal, or leave it out for JSON lines.',
  },
  'logging.requestHeaders': {
    expected: 'an array of lower-case header names',
    fix: "pass names such as ['user-agent', 'content-type'], or leave it out.",
  },
  'logging.accessLog': {
    expected: 'true or false',
    fix: 'pass false to turn the access log off, or leave it out.',
  },
  'health.timeoutMs': {
    expected: 'a whole number of milliseconds from 1 to 60000',
    fix: 'pass a timeout such as 1000, or leave it out for the default of 1000 ms.',
  },
  'health.cacheMs': {
    expected: 'a whole number of milliseconds from 0 to 60000',
    fix: 'pass a period such as 1000, or leave it out.',
  },
  'health.livenessPath': {
    expected: 'a path starting with "/", without spaces, query or fragment',
    fix: "pass a path such as '/health', or leave it out.",
  },
  'health.readinessPath': {
    expected: 'a path starting with "/", without spaces, query or fragment',
    fix: "pass a path such as '/ready', or leave it out.",
  },
  'health.details': {
    expected: 'true or false',
    fix: 'pass true only where probe bodies are not public, or leave it out.',
  },
  'health.drainDelayMs': {
    expected: 'a whole number of milliseconds from 0 to 300000',
    fix: 'pass a delay longer than your load balancer takes to stop routing, such as 5000.',
  },
  'health.shutdownTimeoutMs': {
    expected: 'a whole number of milliseconds from 1 to 600000',
    fix: "pass less than the pod's terminationGracePeriodSeconds, such as 25000.",
  },
} as const satisfies Record<string, OptionText>;

/** An option the module validates. @internal */
export type ValidatedOption = keyof typeof OPTION_MESSAGES;
