/**
 * Injection token of the resolved, validated `ObservabilityModule` options
 * (`ResolvedObservabilityOptions`).
 *
 * @publicApi
 * @example
 * constructor(@Inject(OBSERVABILITY_OPTIONS) private readonly options: ResolvedObservabilityOptions) {}
 */
export const OBSERVABILITY_OPTIONS = Symbol('OBSERVABILITY_OPTIONS');

/**
 * Injection token of the service's root pino logger (`pino.Logger`): the one nestjs-pino's
 * `Logger`, the access log and the SDK's own messages write through.
 *
 * @publicApi
 */
export const OBSERVABILITY_LOGGER = Symbol('OBSERVABILITY_LOGGER');

/**
 * Injection token of the running service's log levels (`LogLevelControl`), which the runtime
 * controls change.
 *
 * @internal
 */
export const OBSERVABILITY_LOG_LEVELS = Symbol('OBSERVABILITY_LOG_LEVELS');

/** One of pino's level names. @publicApi */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** pino's level names, most severe first. @internal */
export const LOG_LEVELS: readonly LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];

/** Whether `v` is one of pino's level names. @internal */
export const isLogLevel = (v: unknown): v is LogLevel =>
  (LOG_LEVELS as readonly unknown[]).includes(v);
