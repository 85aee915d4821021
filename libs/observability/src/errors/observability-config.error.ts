import { MESSAGES } from '../messages/messages';

/**
 * One problem found in the options given to `ObservabilityModule`.
 *
 * @publicApi
 */
export interface OptionProblem {
  /** Dotted path of the option, for example `tracing.sampleRatio`. */
  readonly option: string;
  /** The value that was given, as received. */
  readonly value: unknown;
  /** What the option accepts. */
  readonly expected: string;
  /** How to fix it. */
  readonly fix: string;
}

/**
 * Thrown at startup when `ObservabilityModule` options (or those of another SDK class, such as
 * `DriftMonitor`) are invalid. Its message lists every problem at once, each naming the option,
 * the bad value and the fix.
 *
 * @publicApi
 */
export class ObservabilityConfigError extends Error {
  /** Stable error code, for matching in tests and logs. */
  readonly code = 'OBS_ERR_INVALID_OPTIONS';

  /** Every problem found, in option order. */
  readonly problems: readonly OptionProblem[];

  /**
   * @param problems every problem found, in option order
   * @param site what was given the options @default 'ObservabilityModule'
   */
  constructor(problems: readonly OptionProblem[], site?: string) {
    super(MESSAGES.invalidOptions(problems, site));
    this.problems = problems;
    this.name = 'ObservabilityConfigError';
  }
}
