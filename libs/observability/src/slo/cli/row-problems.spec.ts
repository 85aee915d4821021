import { rowsProblem } from './row-problems';

const panel = {
  title: 'Scores',
  kind: 'timeseries',
  unit: 'short',
  queries: [{ expr: 'sum(rate(scores_total[5m]))', legend: 'scores' }],
};

describe('rowsProblem: what is wrong with a module’s DASHBOARD_ROWS', () => {
  it('finds nothing in rows the dashboard can draw', () => {
    expect(rowsProblem([])).toBeUndefined();
    expect(
      rowsProblem([{ title: 'Model', panels: [panel, { ...panel, kind: 'stat', noValue: '0' }] }]),
    ).toBeUndefined();
  });

  it.each([
    [{ title: 'Model' }, 'DASHBOARD_ROWS is not an array'],
    [[null], 'DASHBOARD_ROWS[0] is not an object'],
    [[{ panels: [] }], 'DASHBOARD_ROWS[0].title is not a string'],
    [[{ title: 'Model', panels: {} }], 'DASHBOARD_ROWS[0].panels is not an array'],
    [
      [
        { title: 'A', panels: [] },
        { title: 'B', panels: [{ ...panel, kind: 'bar' }] },
      ],
      "DASHBOARD_ROWS[1].panels[0].kind is neither 'timeseries' nor 'stat'",
    ],
    [
      [{ title: 'A', panels: [{ ...panel, queries: [{ expr: 'up' }] }] }],
      'DASHBOARD_ROWS[0].panels[0].queries[0].legend is not a string',
    ],
    [
      [{ title: 'A', panels: [{ ...panel, noValue: 0 }] }],
      'DASHBOARD_ROWS[0].panels[0].noValue is not a string',
    ],
  ])('names the first field that is wrong: %j', (rows, problem) => {
    expect(rowsProblem(rows)).toBe(problem);
  });
});
