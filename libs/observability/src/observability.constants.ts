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
