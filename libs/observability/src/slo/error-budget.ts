import { MESSAGES } from '../messages/messages';

/**
 * Error-budget figures of one SLO over one period.
 *
 * @publicApi
 */
export interface ErrorBudgetReport {
  /** Share of events allowed to be bad: `1 - objective`. */
  readonly budget: number;
  /** Share of events that were bad (0 when there were none). */
  readonly errorRatio: number;
  /** How fast the budget burns: `errorRatio / budget`. 1 spends exactly the budget over the window. */
  readonly burnRate: number;
  /** Share of the budget left: `1 - burnRate`; negative once overspent. */
  readonly remaining: number;
}

function assertObjective(objective: number): void {
  if (!(objective > 0 && objective <= 1)) {
    throw new RangeError(MESSAGES.invalidObjective(objective));
  }
}

function assertCount(name: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new RangeError(MESSAGES.invalidEventCount(name, value));
  }
}

/**
 * The error budget of `objective`: the share of events that may be bad. 0 for an objective of 1.
 *
 * @publicApi
 */
export function errorBudget(objective: number): number {
  assertObjective(objective);
  // 1 - 0.999 is 0.0010000000000000009 in floating point; round away the representation error.
  return Math.round((1 - objective) * 1e12) / 1e12;
}

/**
 * The burn rate of `errorRatio` against `objective`. No bad events burn nothing, whatever the
 * objective; any bad event against a zero budget (objective 1) burns infinitely fast.
 *
 * @publicApi
 */
export function burnRate(errorRatio: number, objective: number): number {
  if (!(errorRatio >= 0 && errorRatio <= 1)) {
    throw new RangeError(MESSAGES.invalidErrorRatio(errorRatio));
  }
  const budget = errorBudget(objective);
  if (errorRatio === 0) return 0;
  return budget === 0 ? Infinity : errorRatio / budget;
}

/**
 * The error-budget report of `bad` bad events among `total` against `objective`. No traffic
 * spends no budget.
 *
 * @publicApi
 * @example
 * errorBudgetReport({ total: 100_000, bad: 50 }, 0.999) // { budget: 0.001, errorRatio: 0.0005, burnRate: 0.5, remaining: 0.5 }
 */
export function errorBudgetReport(
  { total, bad }: { readonly total: number; readonly bad: number },
  objective: number,
): ErrorBudgetReport {
  assertCount('total', total);
  assertCount('bad', bad);
  if (bad > total) throw new RangeError(MESSAGES.moreBadThanTotal(bad, total));
  const errorRatio = total === 0 ? 0 : bad / total;
  const rate = burnRate(errorRatio, objective);
  return { budget: errorBudget(objective), errorRatio, burnRate: rate, remaining: 1 - rate };
}

/**
 * How much of the budget a burn at `rate` spends over `windowSeconds` out of an SLO window of
 * `sloWindowSeconds`: the basis of multi-window burn-rate alerts (14.4× over 1 h spends 2% of a
 * 30-day budget).
 *
 * @publicApi
 */
export function budgetSpent(rate: number, windowSeconds: number, sloWindowSeconds: number): number {
  if (!(rate >= 0) || !(windowSeconds > 0) || !(sloWindowSeconds > 0)) {
    throw new RangeError(MESSAGES.invalidBudgetSpent());
  }
  return (rate * windowSeconds) / sloWindowSeconds;
}
