import { redactFields } from '../redaction/redaction';

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
 * Thrown at startup when `ObservabilityModule` options are invalid. Its message lists every
 * problem at once, each naming the option, the bad value and the fix.
 *
 * @publicApi
 */
export class ObservabilityConfigError extends Error {
  /** Stable error code, for matching in tests and logs. */
  readonly code = 'OBS_ERR_INVALID_OPTIONS';

  /** Every problem found, in option order. */
  readonly problems: readonly OptionProblem[];

  /** @param problems every problem found, in option order */
  constructor(problems: readonly OptionProblem[]) {
    super(formatProblems(problems));
    this.problems = problems;
    this.name = 'ObservabilityConfigError';
  }
}

function formatProblems(problems: readonly OptionProblem[]): string {
  const lines = problems.map(
    (p) => `  - ${p.option} = ${describeValue(p.value)}: expected ${p.expected}. Fix: ${p.fix}`,
  );
  const noun = problems.length === 1 ? 'option is' : `${problems.length} options are`;
  return `ObservabilityModule: ${noun} invalid.\n${lines.join('\n')}`;
}

/**
 * Renders a bad value for an error message: strings quoted, numbers as JavaScript prints them
 * (so `NaN`, `Infinity` and `-0` stay visible), long values cut, fields named like a secret
 * (`password`, `bearerToken`) redacted.
 *
 * @internal
 */
export function describeValue(value: unknown): string {
  value = redactFields(value);
  if (typeof value === 'string')
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (value === undefined || value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return 'a function';
  try {
    const json = JSON.stringify(value);
    return json.length > 80 ? `${json.slice(0, 80)}…` : json;
  } catch {
    return Object.prototype.toString.call(value);
  }
}
