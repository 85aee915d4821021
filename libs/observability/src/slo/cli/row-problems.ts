import type { RowSpec } from '../dashboard-panels';

type Check = (value: unknown, at: string) => string | undefined;

/** Whether `v` is a plain object (not an array, not null). @internal */
export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const text: Check = (v, at) => (typeof v === 'string' ? undefined : `${at} is not a string`);

/** The first element of `list` that fails `check`, or `list` not being an array. */
function listProblem(list: unknown, at: string, check: Check): string | undefined {
  if (!Array.isArray(list)) return `${at} is not an array`;
  for (let i = 0; i < list.length; i++) {
    const problem = check(list[i] as unknown, `${at}[${i}]`);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** The first field of `value` that fails its check, or `value` not being an object. */
function fieldsProblem(
  value: unknown,
  at: string,
  fields: Record<string, Check>,
): string | undefined {
  if (!isRecord(value)) return `${at} is not an object`;
  for (const [name, check] of Object.entries(fields)) {
    const problem = check(value[name], `${at}.${name}`);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

const query: Check = (v, at) => fieldsProblem(v, at, { expr: text, legend: text });

const panel: Check = (v, at) =>
  fieldsProblem(v, at, {
    title: text,
    kind: (kind, where) =>
      kind === 'timeseries' || kind === 'stat'
        ? undefined
        : `${where} is neither 'timeseries' nor 'stat'`,
    unit: text,
    queries: (list, where) => listProblem(list, where, query),
    noValue: (value, where) => (value === undefined ? undefined : text(value, where)),
  });

const row: Check = (v, at) =>
  fieldsProblem(v, at, {
    title: text,
    panels: (list, where) => listProblem(list, where, panel),
  });

/**
 * What is wrong with a module's `DASHBOARD_ROWS` (`DASHBOARD_ROWS[1].panels[0].kind is
 * neither 'timeseries' nor 'stat'`), or `undefined` when it is a list of rows the dashboard can
 * draw. Rows come from the user's own module, typed where it was written, but a JavaScript module
 * or a stale build can hand anything.
 *
 * @internal
 */
export function rowsProblem(rows: unknown): string | undefined {
  return listProblem(rows, 'DASHBOARD_ROWS', row);
}

/** Whether `rows` is a list of rows (`rowsProblem` finds nothing). @internal */
export function isRowList(rows: unknown): rows is readonly RowSpec[] {
  return rowsProblem(rows) === undefined;
}
