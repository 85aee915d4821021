import { isBucketList } from '../naming/buckets';
import { isValidMetricName } from '../naming/prometheus-names';
import { isLogLevel, LOG_LEVELS } from '../environment/process-environment';

/**
 * One validation rule: where an option lives, what it accepts and how to fix a bad value.
 *
 * @internal
 */
export interface OptionRule {
  readonly option: string;
  readonly required?: boolean;
  readonly valid: (value: unknown) => boolean;
  readonly expected: string;
  readonly fix: string;
}

const isHeaderName = (v: unknown) => typeof v === 'string' && /^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(v);

const isPath = (v: unknown) => typeof v === 'string' && /^\/[^\s?#]*$/.test(v);

const isRouteTemplate = (v: unknown) => isPath(v) && (v as string).length <= 512;

const isRatio = (v: unknown) => typeof v === 'number' && v >= 0 && v <= 1;

function isEndpointAuth(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const keys = Object.keys(v).sort().join(',');
  const auth = v as { bearerToken?: unknown; username?: unknown; password?: unknown };
  if (keys === 'bearerToken') {
    return (
      typeof auth.bearerToken === 'string' &&
      auth.bearerToken.length >= 16 &&
      auth.bearerToken.length <= 4096
    );
  }
  return (
    keys === 'password,username' &&
    typeof auth.username === 'string' &&
    auth.username !== '' &&
    !auth.username.includes(':') &&
    typeof auth.password === 'string' &&
    auth.password !== ''
  );
}

const isNonEmptyString = (max: number) => (v: unknown) =>
  typeof v === 'string' && v.trim().length > 0 && v.length <= max;

/**
 * Every option the module validates. Validation runs once, at startup.
 *
 * @internal
 */
export const OPTION_RULES: readonly OptionRule[] = [
  {
    option: 'serviceName',
    required: true,
    valid: isNonEmptyString(128),
    expected: 'a non-empty string of at most 128 characters',
    fix: "pass the service's name, e.g. ObservabilityModule.forRoot({ serviceName: 'prediction-api' }).",
  },
  {
    option: 'serviceVersion',
    valid: isNonEmptyString(128),
    expected: 'a non-empty string of at most 128 characters',
    fix: "pass the deployed version, e.g. serviceVersion: '1.4.2', or leave it out.",
  },
  {
    option: 'environment',
    valid: isNonEmptyString(64),
    expected: 'a non-empty string of at most 64 characters',
    fix: "pass the deployment environment, e.g. environment: 'production', or leave it out.",
  },
  {
    option: 'metrics.prefix',
    valid: (v) => v === '' || (typeof v === 'string' && isValidMetricName(v)),
    expected:
      'a Prometheus metric-name prefix: letters, digits, "_" or ":", not starting with a digit',
    fix: 'replace other characters with "_" (e.g. "my_app_" instead of "my-app-"), or leave it out.',
  },
  {
    option: 'metrics.http',
    valid: (v) => typeof v === 'boolean',
    expected: 'true or false',
    fix: 'pass false to turn the automatic HTTP metrics off, or leave it out.',
  },
  {
    option: 'metrics.runtime',
    valid: (v) => typeof v === 'boolean',
    expected: 'true or false',
    fix: 'pass false to leave out the process and runtime metrics, or leave it out.',
  },
  {
    option: 'metrics.httpBuckets',
    valid: isBucketList,
    expected: 'a non-empty array of finite, positive, strictly increasing upper bounds in seconds',
    fix: 'pass bounds such as [0.05, 0.1, 0.25, 0.5, 1, 2.5], or leave it out.',
  },
  {
    option: 'metrics.maxSeries',
    valid: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 1_000_000,
    expected: 'an integer from 1 to 1000000',
    fix: 'pass a limit such as 2000, or leave it out.',
  },
  {
    option: 'metrics.path',
    valid: (v) => v === false || isPath(v),
    expected: 'a path starting with "/", without spaces, query or fragment, or false',
    fix: "pass a path such as '/metrics', false to serve no metrics endpoint, or leave it out.",
  },
  {
    option: 'metrics.port',
    valid: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 65_535,
    expected: 'a port number from 0 to 65535 (0 picks a free port)',
    fix: 'pass a management port such as 9464, or leave it out to serve metrics on the application port.',
  },
  {
    option: 'metrics.auth',
    valid: isEndpointAuth,
    expected:
      'either { bearerToken } (a token of 16 to 4096 characters) or { username, password } (non-empty, no ":" in the username)',
    fix: 'pass metrics.auth: { bearerToken: process.env.METRICS_TOKEN }, or leave it out.',
  },
  {
    option: 'metrics.host',
    valid: isNonEmptyString(255),
    expected: 'an interface address or host name',
    fix: "pass '0.0.0.0' (all interfaces) or '127.0.0.1' (this machine only), or leave it out.",
  },
  {
    option: 'tracing.sampleRatio',
    valid: isRatio,
    expected: 'a number from 0 (sample no trace) to 1 (sample every trace)',
    fix: 'pass a ratio such as 0.1 for 10% of traces, or leave it out to use OTEL_TRACES_SAMPLER.',
  },
  {
    option: 'tracing.trustIncomingSampling',
    valid: (v) => typeof v === 'boolean',
    expected: 'true or false',
    fix: 'pass true only when every caller is inside your trust boundary, or leave it out.',
  },
  {
    option: 'tracing.rules',
    valid: (v) =>
      Array.isArray(v) &&
      v.every(
        (rule: unknown) =>
          typeof rule === 'object' &&
          rule !== null &&
          Object.keys(rule).every((k) => k === 'route' || k === 'ratio') &&
          isRouteTemplate((rule as { route?: unknown }).route) &&
          isRatio((rule as { ratio?: unknown }).ratio),
      ),
    expected:
      'an array of { route, ratio }: a route template starting with "/" and a ratio from 0 to 1',
    fix: "pass rules such as [{ route: '/health', ratio: 0 }, { route: '/models/:id', ratio: 0.1 }], or leave it out.",
  },
  {
    option: 'http.excludePaths',
    valid: (v) => Array.isArray(v) && v.every((p) => typeof p === 'string' && p.startsWith('/')),
    expected: 'an array of paths or route templates starting with "/"',
    fix: "pass paths such as ['/metrics', '/health', '/ready'], or leave it out.",
  },
  {
    option: 'tracing.responseHeader',
    valid: (v) => v === false || isHeaderName(v),
    expected: 'a lower-case header name, or false',
    fix: "pass a header name such as 'traceresponse' or 'x-trace-id', or false to send none.",
  },
  {
    option: 'logging.level',
    valid: isLogLevel,
    expected: LOG_LEVELS.join(', '),
    fix: "pass one of these levels, such as 'info', or leave it out to read LOG_LEVEL.",
  },
  {
    option: 'logging.pretty',
    valid: (v) => typeof v === 'boolean',
    expected: 'true or false',
    fix: 'pass true for human-readable output in a terminal, or leave it out for JSON lines.',
  },
  {
    option: 'logging.requestHeaders',
    valid: (v) => Array.isArray(v) && v.every(isHeaderName),
    expected: 'an array of lower-case header names',
    fix: "pass names such as ['user-agent', 'content-type'], or leave it out.",
  },
  {
    option: 'logging.accessLog',
    valid: (v) => typeof v === 'boolean',
    expected: 'true or false',
    fix: 'pass false to turn the access log off, or leave it out.',
  },
  {
    option: 'health.timeoutMs',
    valid: (v) => typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= 60_000,
    expected: 'a whole number of milliseconds from 1 to 60000',
    fix: 'pass a timeout such as 1000, or leave it out for the default of 1000 ms.',
  },
  {
    option: 'health.cacheMs',
    valid: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 60_000,
    expected: 'a whole number of milliseconds from 0 to 60000',
    fix: 'pass a period such as 1000, or leave it out.',
  },
  {
    option: 'health.livenessPath',
    valid: isPath,
    expected: 'a path starting with "/", without spaces, query or fragment',
    fix: "pass a path such as '/health', or leave it out.",
  },
  {
    option: 'health.readinessPath',
    valid: isPath,
    expected: 'a path starting with "/", without spaces, query or fragment',
    fix: "pass a path such as '/ready', or leave it out.",
  },
  {
    option: 'health.details',
    valid: (v) => typeof v === 'boolean',
    expected: 'true or false',
    fix: 'pass true only where probe bodies are not public, or leave it out.',
  },
  {
    option: 'health.drainDelayMs',
    valid: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 300_000,
    expected: 'a whole number of milliseconds from 0 to 300000',
    fix: 'pass a delay longer than your load balancer takes to stop routing, such as 5000.',
  },
  {
    option: 'health.shutdownTimeoutMs',
    valid: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 600_000,
    expected: 'a whole number of milliseconds from 1 to 600000',
    fix: "pass less than the pod's terminationGracePeriodSeconds, such as 25000.",
  },
];
