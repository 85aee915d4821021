import { durationSeconds } from './duration';
import { budgetSpent, burnRate, errorBudget, errorBudgetReport } from './error-budget';

describe('error-budget math', () => {
  it.each([
    [0.999, 0.001],
    [0.99, 0.01],
    [0.5, 0.5],
    [1, 0],
    [Number.MIN_VALUE, 1],
  ])('the budget of %p is %p', (objective, budget) => {
    expect(errorBudget(objective)).toBe(budget);
  });

  it.each([[0], [-0], [1.5], [-0.1], [Number.NaN], [Infinity], [-Infinity]])(
    'rejects the objective %p, naming the fix',
    (objective) => {
      expect(() => errorBudget(objective)).toThrow(
        /expected a share above 0 and at most 1, such as 0\.999/,
      );
    },
  );

  it('burn rate: 1 spends exactly the budget; none burns nothing, even at 100%', () => {
    expect(burnRate(0.001, 0.999)).toBeCloseTo(1, 12);
    expect(burnRate(0.0144, 0.999)).toBeCloseTo(14.4, 9);
    expect(burnRate(0, 0.999)).toBe(0);
    expect(burnRate(0, 1)).toBe(0);
    expect(burnRate(0.000001, 1)).toBe(Infinity);
  });

  it.each([[Number.NaN], [-0.1], [1.1], [Infinity]])('rejects the error ratio %p', (ratio) => {
    expect(() => burnRate(ratio, 0.99)).toThrow(/expected a share from 0 to 1/);
  });

  it('report: remaining budget from counts', () => {
    expect(errorBudgetReport({ total: 100_000, bad: 50 }, 0.999)).toEqual({
      budget: 0.001,
      errorRatio: 0.0005,
      burnRate: expect.closeTo(0.5, 12),
      remaining: expect.closeTo(0.5, 12),
    });
    const overspent = errorBudgetReport({ total: 1000, bad: 3 }, 0.999);
    expect(overspent.remaining).toBeCloseTo(-2, 9);
  });

  it('report: no traffic spends no budget', () => {
    expect(errorBudgetReport({ total: 0, bad: 0 }, 0.999)).toEqual({
      budget: 0.001,
      errorRatio: 0,
      burnRate: 0,
      remaining: 1,
    });
  });

  it('report: a lone bad event at 100% exhausts the budget entirely', () => {
    expect(errorBudgetReport({ total: 1, bad: 1 }, 1).remaining).toBe(-Infinity);
  });

  it.each([
    [{ total: Number.NaN, bad: 0 }, /total NaN is invalid/],
    [{ total: 10, bad: -1 }, /bad -1 is invalid/],
    [{ total: 1, bad: 2 }, /bad \(2\) is more than total \(1\)/],
    [{ total: Infinity, bad: 0 }, /total Infinity is invalid/],
  ])('report rejects %j', (counts, message) => {
    expect(() => errorBudgetReport(counts, 0.99)).toThrow(message);
  });

  it('budget spent by a burn over a window: the multi-window alert figures', () => {
    const month = durationSeconds('30d') as number;
    expect(budgetSpent(14.4, 3600, month)).toBeCloseTo(0.02, 9);
    expect(budgetSpent(6, 6 * 3600, month)).toBeCloseTo(0.05, 9);
    expect(budgetSpent(1, month, month)).toBe(1);
    expect(() => budgetSpent(1, 0, month)).toThrow(RangeError);
    expect(() => budgetSpent(Number.NaN, 60, month)).toThrow(RangeError);
  });
});

describe('durationSeconds', () => {
  it.each([
    ['30d', 2_592_000],
    ['4w', 2_419_200],
    ['1h30m', 5400],
    ['500ms', 0.5],
    ['1s', 1],
    ['5m', 300],
  ])('%s is %p seconds', (text, seconds) => {
    expect(durationSeconds(text)).toBe(seconds);
  });

  it.each([['0s'], ['30'], ['d'], ['1.5h'], ['-1h'], [''], [undefined], [30], ['30 d']])(
    'rejects %p',
    (text) => {
      expect(durationSeconds(text)).toBeUndefined();
    },
  );
});
