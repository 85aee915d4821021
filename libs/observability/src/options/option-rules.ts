import { isBucketList } from '../naming/buckets';
import { isValidMetricName } from '../naming/prometheus-names';
import { isLogLevel } from '../observability.constants';
import type { OptionText, ValidatedOption } from '../messages/option.messages';
import { OPTION_MESSAGES } from '../messages/option.messages';

/**
 * One validation rule: where an option lives, what it accepts and how to fix a bad value.
 *
 * @internal
 */
export interface OptionRule extends OptionText {
  readonly option: ValidatedOption;
  readonly required?: boolean;
  readonly valid: (value: unknown) => boolean;
}

const isHeaderName = (v: unknown) => typeof v === 'string' && /^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(v);

const isPath = (v: unknown) => typeof v === 'string' && /^\/[^\s?#]*$/.test(v);

const isRouteTemplate = (v: unknown) => isPath(v) && (v as string).length <= 512;

const isRatio = (v: unknown) => typeof v === 'number' && v >= 0 && v <= 1;

/**
 * A transport as spans name it: a lower-case snake_case word, what a custom transport's name can
 * be too. `rmq` is Nest's name for RabbitMQ, which spans call `rabbitmq`: a rule for it would
 * never match.
 */
const isTransportName = (v: unknown) =>
  typeof v === 'string' && /^[a-z][a-z0-9_]{0,31}$/.test(v) && v !== 'rmq';

/** `{ route, ratio }` or `{ transport, operation?, ratio }`, nothing else. */
function isSamplingRule(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const rule = v as { route?: unknown; transport?: unknown; operation?: unknown; ratio?: unknown };
  const keys = Object.keys(rule);
  if (!isRatio(rule.ratio)) return false;
  if ('route' in rule) {
    return keys.every((k) => k === 'route' || k === 'ratio') && isRouteTemplate(rule.route);
  }
  return (
    keys.every((k) => k === 'transport' || k === 'operation' || k === 'ratio') &&
    isTransportName(rule.transport) &&
    (rule.operation === undefined || isNonEmptyString(256)(rule.operation))
  );
}

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

/** The check of every option the module validates; their texts are in messages/. */
const RULES: readonly Omit<OptionRule, keyof OptionText>[] = [
  {
    option: 'serviceName',
    required: true,
    valid: isNonEmptyString(128),
  },
  {
    option: 'serviceVersion',
    valid: isNonEmptyString(128),
  },
  {
    option: 'environment',
    valid: isNonEmptyString(64),
  },
  {
    option: 'metrics.prefix',
    valid: (v) => v === '' || (typeof v === 'string' && isValidMetricName(v)),
  },
  {
    option: 'metrics.http',
    valid: (v) => typeof v === 'boolean',
  },
  {
    option: 'metrics.runtime',
    valid: (v) => typeof v === 'boolean',
  },
  {
    option: 'metrics.httpBuckets',
    valid: isBucketList,
  },
  {
    option: 'metrics.maxSeries',
    valid: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 1_000_000,
  },
  {
    option: 'metrics.path',
    valid: (v) => v === false || isPath(v),
  },
  {
    option: 'metrics.port',
    valid: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 65_535,
  },
  {
    option: 'metrics.auth',
    valid: isEndpointAuth,
  },
  {
    option: 'metrics.host',
    valid: isNonEmptyString(255),
  },
  {
    option: 'tracing.sampleRatio',
    valid: isRatio,
  },
  {
    option: 'tracing.trustIncomingSampling',
    valid: (v) => typeof v === 'boolean',
  },
  {
    option: 'tracing.rules',
    valid: (v) => Array.isArray(v) && v.every(isSamplingRule),
  },
  {
    option: 'http.excludePaths',
    valid: (v) => Array.isArray(v) && v.every((p) => typeof p === 'string' && p.startsWith('/')),
  },
  {
    option: 'tracing.responseHeader',
    valid: (v) => v === false || isHeaderName(v),
  },
  {
    option: 'tracing.nestSpans',
    valid: (v) => v === 'both' || v === 'controller' || v === 'none',
  },
  {
    option: 'logging.level',
    valid: isLogLevel,
  },
  {
    option: 'logging.pretty',
    valid: (v) => typeof v === 'boolean',
  },
  {
    option: 'logging.requestHeaders',
    valid: (v) => Array.isArray(v) && v.every(isHeaderName),
  },
  {
    option: 'logging.accessLog',
    valid: (v) => typeof v === 'boolean',
  },
  {
    option: 'logging.console',
    valid: (v) => v === 'json' || v === 'keep',
  },
  {
    option: 'health.timeoutMs',
    valid: (v) => typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= 60_000,
  },
  {
    option: 'health.cacheMs',
    valid: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 60_000,
  },
  {
    option: 'health.livenessPath',
    valid: isPath,
  },
  {
    option: 'health.readinessPath',
    valid: isPath,
  },
  {
    option: 'health.details',
    valid: (v) => typeof v === 'boolean',
  },
  {
    option: 'health.drainDelayMs',
    valid: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 300_000,
  },
  {
    option: 'health.shutdownTimeoutMs',
    valid: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 600_000,
  },
];

/**
 * Every option the module validates, with its text. Validation runs once, at startup.
 *
 * @internal
 */
export const OPTION_RULES: readonly OptionRule[] = RULES.map((rule) => ({
  ...rule,
  ...OPTION_MESSAGES[rule.option],
}));
