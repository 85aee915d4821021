import { validateCronExpression } from 'cron';
import { DEFAULT_MODEL_PATH } from '../model/model-path';

/**
 * The sample service's own configuration, read from the environment and validated at startup.
 * The SDK's variables (`LOG_LEVEL`, `LOG_FORMAT`, `OTEL_*`) are not here: the SDK reads them
 * itself, in one place, when the module options leave them out.
 */
export interface AppConfig {
  /** `OTEL_SERVICE_NAME`, default `prediction-api`. */
  readonly serviceName: string;
  /** `PORT`, default 3000. */
  readonly port: number;
  /** `HOST`, default `0.0.0.0` (all interfaces, as a container needs). */
  readonly host: string;
  /** `DATABASE_URL` (PostgreSQL); unset means the embedded store (PGlite). */
  readonly databaseUrl: string | undefined;
  /** `EMBEDDED_DB_DIR`: where the embedded store keeps its files; unset means in memory. */
  readonly embeddedDbDir: string | undefined;
  /** `REDIS_URL`; unset means no feature cache. */
  readonly redisUrl: string | undefined;
  /** `CACHE_TTL_SECONDS`, default 300. */
  readonly cacheTtlSeconds: number;
  /** `NATS_URL`; set, the service also answers the `predict` pattern over NATS. */
  readonly natsUrl: string | undefined;
  /** `MODEL_PATH`, default the committed Iris model. */
  readonly modelPath: string;
  /**
   * `SHADOW_MODEL_PATH`: a second model scored on the same inputs off the request path, its
   * answers never returned, to compare versions before switching; unset means none.
   */
  readonly shadowModelPath: string | undefined;
  /** `MAX_BATCH_SIZE`: most rows one `/predict/batch` call may hold, default 100. */
  readonly maxBatchSize: number;
  /** `BODY_LIMIT_KB`: largest JSON body accepted, default 64. */
  readonly bodyLimitKb: number;
  /** `SHUTDOWN_DRAIN_MS`: how long to keep serving after SIGTERM with readiness failing, default 5000. */
  readonly shutdownDrainMs: number;
  /** `SHUTDOWN_TIMEOUT_MS`: longest a shutdown may take before exiting 1, default 25000. */
  readonly shutdownTimeoutMs: number;
  /**
   * `RETENTION_MAX_PREDICTIONS`: most predictions kept, the oldest deleted beyond; 0 keeps all.
   * Default 100000 with the embedded store (it lives in the pod's memory), 0 with `DATABASE_URL`.
   */
  readonly retentionMaxPredictions: number;
  /** `RETENTION_SWEEP_SECONDS`: how often retention runs, off the request path, default 60. */
  readonly retentionSweepSeconds: number;
  /** `PREDICTION_RETENTION_DAYS`: predictions older than this are deleted, default 30. */
  readonly predictionRetentionDays: number;
  /**
   * `RETENTION_SCHEDULE`: when the retention task runs, a cron expression (a seconds field
   * allowed), default `0 * * * *` (hourly).
   */
  readonly retentionSchedule: string;
  /** `DRIFT_WINDOW_SIZE`: recent predictions the drift monitor compares with training, default 1000. */
  readonly driftWindowSize: number;
  /** `DRIFT_REFRESH_MS`: how often the drift is computed, off the request path, default 10000. */
  readonly driftRefreshMs: number;
}

/** Predictions the embedded store keeps by default (its memory: see the README's numbers). */
const EMBEDDED_RETENTION = 100_000;

/** One bad environment variable. */
interface EnvProblem {
  readonly name: string;
  readonly shown: string;
  readonly expected: string;
  readonly fix: string;
}

/**
 * Thrown at startup when the environment holds invalid settings; lists every one, with its value
 * (URLs by their scheme only) and the fix.
 */
export class AppConfigError extends Error {
  constructor(readonly problems: readonly EnvProblem[]) {
    super(
      `Invalid configuration of the prediction service:\n${problems
        .map((p) => `  - ${p.name}=${p.shown}: expected ${p.expected}. Fix: ${p.fix}`)
        .join('\n')}`,
    );
    this.name = 'AppConfigError';
  }
}

/**
 * How a bad URL setting is shown in a startup error: by its scheme only. A connection string may
 * hold a password anywhere (user info, a `?password=` parameter), and this message is printed
 * before the SDK's redacting logger exists, so the value itself is never shown.
 */
export function describeUrl(value: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1];
  const what = scheme === undefined ? 'a value without a URL scheme' : `a ${scheme}: URL`;
  return `<${what}; not shown, as it may hold a password>`;
}

function isUrlOf(raw: string, protocols: readonly string[]): boolean {
  try {
    const url = new URL(raw);
    return protocols.includes(url.protocol) && url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * Reads the service's own variables. Unlike the SDK's reader (which warns and uses the default,
 * as OpenTelemetry's specification asks of its variables), a bad value here is collected and
 * stops startup: a service on the wrong port or database must not start.
 */
class AppEnvReader {
  readonly problems: EnvProblem[] = [];
  constructor(private readonly env: NodeJS.ProcessEnv) {}

  string(name: string, fallback: string | undefined): string | undefined {
    const raw = this.env[name];
    return raw === undefined || raw.trim() === '' ? fallback : raw.trim();
  }

  integer(name: string, fallback: number, min: number, max: number, fix: string): number {
    const raw = this.string(name, undefined);
    if (raw === undefined) return fallback;
    const value = /^-?\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (Number.isSafeInteger(value) && value >= min && value <= max) return value;
    this.problems.push({
      name,
      shown: JSON.stringify(raw),
      expected: `a whole number from ${min} to ${max}`,
      fix,
    });
    return fallback;
  }

  cron(name: string, fallback: string, example: string): string {
    const raw = this.string(name, undefined);
    if (raw === undefined) return fallback;
    const { valid, error } = validateCronExpression(raw);
    if (valid) return raw;
    this.problems.push({
      name,
      shown: JSON.stringify(raw),
      expected: `a cron expression of 5 fields, or 6 with seconds first (${error?.message ?? 'invalid'})`,
      fix: `set it like "${example}", or unset it for "${fallback}".`,
    });
    return fallback;
  }

  url(name: string, protocols: readonly string[], example: string): string | undefined {
    const raw = this.string(name, undefined);
    if (raw === undefined) return undefined;
    if (isUrlOf(raw, protocols)) return raw;
    this.problems.push({
      name,
      shown: describeUrl(raw),
      expected: `a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')} and naming a host`,
      fix: `set it like ${example}, or unset it.`,
    });
    return undefined;
  }
}

/**
 * Reads and validates the service's settings from `env`.
 *
 * @throws AppConfigError listing every invalid variable, its value (credentials hidden) and the fix
 */
export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const read = new AppEnvReader(env);
  const databaseUrl = read.url(
    'DATABASE_URL',
    ['postgres:', 'postgresql:'],
    'postgres://user:password@db:5432/predictions',
  );
  const config: AppConfig = {
    serviceName: read.string('OTEL_SERVICE_NAME', 'prediction-api') ?? 'prediction-api',
    port: read.integer(
      'PORT',
      3000,
      0,
      65535,
      'set PORT to a free TCP port such as 3000 (0 picks any free port).',
    ),
    host: read.string('HOST', '0.0.0.0') ?? '0.0.0.0',
    databaseUrl,
    embeddedDbDir: read.string('EMBEDDED_DB_DIR', undefined),
    redisUrl: read.url('REDIS_URL', ['redis:', 'rediss:'], 'redis://cache:6379/0'),
    natsUrl: read.url('NATS_URL', ['nats:', 'tls:'], 'nats://nats:4222'),
    cacheTtlSeconds: read.integer(
      'CACHE_TTL_SECONDS',
      300,
      1,
      86_400,
      'set it to a number of seconds such as 300.',
    ),
    modelPath: read.string('MODEL_PATH', DEFAULT_MODEL_PATH) ?? DEFAULT_MODEL_PATH,
    shadowModelPath: read.string('SHADOW_MODEL_PATH', undefined),
    maxBatchSize: read.integer(
      'MAX_BATCH_SIZE',
      100,
      1,
      10_000,
      'set it to the most rows one batch may hold, such as 100.',
    ),
    bodyLimitKb: read.integer(
      'BODY_LIMIT_KB',
      64,
      1,
      10_240,
      'set it to a size in KiB such as 64.',
    ),
    shutdownDrainMs: read.integer(
      'SHUTDOWN_DRAIN_MS',
      5000,
      0,
      300_000,
      'set it above the time your load balancer takes to stop routing to a pod, such as 5000.',
    ),
    shutdownTimeoutMs: read.integer(
      'SHUTDOWN_TIMEOUT_MS',
      25_000,
      1,
      600_000,
      "set it below the pod's terminationGracePeriodSeconds, such as 25000.",
    ),
    retentionMaxPredictions: read.integer(
      'RETENTION_MAX_PREDICTIONS',
      databaseUrl === undefined ? EMBEDDED_RETENTION : 0,
      0,
      1_000_000_000,
      'set it to the most predictions to keep, such as 100000, or 0 to keep all.',
    ),
    retentionSweepSeconds: read.integer(
      'RETENTION_SWEEP_SECONDS',
      60,
      1,
      86_400,
      'set it to a number of seconds such as 60.',
    ),
    predictionRetentionDays: read.integer(
      'PREDICTION_RETENTION_DAYS',
      30,
      1,
      36_500,
      'set it to the number of days a prediction is kept, such as 30.',
    ),
    retentionSchedule: read.cron('RETENTION_SCHEDULE', '0 * * * *', '*/10 * * * *'),
    driftWindowSize: read.integer(
      'DRIFT_WINDOW_SIZE',
      1000,
      10,
      10_000_000,
      'set it to how many recent predictions to compare with the training set, such as 1000.',
    ),
    driftRefreshMs: read.integer(
      'DRIFT_REFRESH_MS',
      10_000,
      100,
      3_600_000,
      'set it to milliseconds such as 10000 (Prometheus scrapes every 15 to 60 s).',
    ),
  };
  if (read.problems.length > 0) throw new AppConfigError(read.problems);
  return config;
}
