/**
 * Stable codes of `ObservabilityDefinitionError`.
 *
 * @publicApi
 */
export type DefinitionErrorCode =
  'OBS_ERR_INVALID_DECORATOR' | 'OBS_ERR_INVALID_METRIC' | 'OBS_ERR_METRIC_CONFLICT';

/**
 * Thrown when code defines instrumentation wrongly: a decorator on something that is not a method,
 * an invalid metric or label name, or two definitions of one metric that disagree. It is raised
 * where the definition is written (when the class is declared), never during a call, and its
 * message names the place, the bad value and the fix.
 *
 * @publicApi
 */
export class ObservabilityDefinitionError extends Error {
  /** Stable code of the kind of mistake, for matching in tests and logs. */
  readonly code: DefinitionErrorCode;

  /**
   * @param code stable code of the kind of mistake
   * @param message names the place, the bad value and the fix
   */
  constructor(code: DefinitionErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = 'ObservabilityDefinitionError';
  }
}
