import { METRIC_NAMES } from '../naming/metric-names';
import { errorBudget } from './error-budget';
import type { RuleOptions } from './prometheus-rules';
import type { SloDefinition } from './slo.interface';

/** One PromQL query of a panel, with its legend. @publicApi */
export interface PanelQuery {
  /** The PromQL expression. */
  readonly expr: string;
  /** Grafana's legend format, such as `{{route}}`. */
  readonly legend: string;
}

/** One panel: a time series, or a single stat. @publicApi */
export interface PanelSpec {
  /** The panel's title. */
  readonly title: string;
  /** A time series (over time) or a single stat (the latest value). */
  readonly kind: 'timeseries' | 'stat';
  /** A Grafana unit: `reqps`, `percentunit`, `s`, `bytes`, `short`. */
  readonly unit: string;
  /** The queries the panel draws. */
  readonly queries: readonly PanelQuery[];
}

/** A row of panels. @publicApi */
export interface RowSpec {
  /** The row's title. */
  readonly title: string;
  /** Its panels, left to right. */
  readonly panels: readonly PanelSpec[];
}

const ts = (title: string, unit: string, queries: PanelQuery[]): PanelSpec => ({
  title,
  kind: 'timeseries',
  unit,
  queries,
});

/**
 * The panels of a service's dashboard, as data (each one's PromQL, which tests run against a real
 * Prometheus): the four golden signals per route, every `@Timed`/`@Counted` method, `extraRows`
 * (a service's own panels, such as its ML signals), and each SLO with its SLI, remaining error
 * budget and burn rates.
 *
 * @publicApi
 */
export function dashboardRows(
  slos: readonly SloDefinition[],
  options: RuleOptions,
  extraRows: readonly RowSpec[] = [],
): RowSpec[] {
  const p = options.prefix ?? '';
  const job = `job="${options.job}"`;
  const requests = `${p}${METRIC_NAMES.httpRequests}`;
  const duration = `${p}${METRIC_NAMES.httpDuration}`;
  const golden: RowSpec = {
    title: 'Golden signals',
    panels: [
      ts('Traffic by route', 'reqps', [
        { expr: `sum by (route) (rate(${requests}{${job}}[5m]))`, legend: '{{route}}' },
      ]),
      ts('Errors (5xx share) by route', 'percentunit', [
        {
          expr: `sum by (route) (rate(${requests}{${job},status=~"5.."}[5m])) / sum by (route) (rate(${requests}{${job}}[5m]))`,
          legend: '{{route}}',
        },
      ]),
      ts('Latency p95 by route', 's', [
        {
          expr: `histogram_quantile(0.95, sum by (route, le) (rate(${duration}_bucket{${job}}[5m])))`,
          legend: '{{route}}',
        },
      ]),
      ts('Saturation: requests in flight', 'short', [
        {
          expr: `sum by (instance) (${p}${METRIC_NAMES.httpActive}{${job}})`,
          legend: '{{instance}}',
        },
      ]),
      ts('Saturation: event loop', 'percentunit', [
        {
          expr: `max by (instance) (${p}nodejs_eventloop_utilization_ratio{${job}})`,
          legend: 'busy {{instance}}',
        },
      ]),
      ts('Saturation: memory', 'bytes', [
        {
          expr: `max by (instance) (${p}process_resident_memory_bytes{${job}})`,
          legend: '{{instance}}',
        },
      ]),
    ],
  };
  const methods: RowSpec = {
    title: 'Instrumented methods (@Timed, @Counted)',
    panels: [
      ts('Calls by method', 'reqps', [
        {
          expr: `sum by (class, method) (rate(${METRIC_NAMES.methodCalls}{${job}}[5m]))`,
          legend: '{{class}}.{{method}}',
        },
      ]),
      ts('Errors by method and type', 'reqps', [
        {
          expr: `sum by (class, method, error_type) (rate(${METRIC_NAMES.methodCalls}{${job},outcome="error"}[5m]))`,
          legend: '{{class}}.{{method}} {{error_type}}',
        },
      ]),
      ts('Duration p95 by method', 's', [
        {
          expr: `histogram_quantile(0.95, sum by (class, method, le) (rate(${METRIC_NAMES.methodDuration}_bucket{${job}}[5m])))`,
          legend: '{{class}}.{{method}}',
        },
      ]),
    ],
  };
  const sloRows = slos.map((slo): RowSpec => {
    const sel = `{slo="${slo.name}"}`;
    const budget = errorBudget(slo.objective);
    return {
      title: `SLO ${slo.name}: ${Number((slo.objective * 100).toPrecision(10))}% over ${slo.window}`,
      panels: [
        {
          title: 'Error budget remaining',
          kind: 'stat',
          unit: 'percentunit',
          queries: [{ expr: `slo:error_budget:remaining_ratio${sel}`, legend: 'remaining' }],
        },
        ts('SLI (good share)', 'percentunit', [
          { expr: `1 - slo:sli_error:ratio_rate5m${sel}`, legend: '5m' },
          { expr: `1 - slo:sli_error:ratio_rate1h${sel}`, legend: '1h' },
          { expr: `slo:objective:ratio${sel}`, legend: 'objective' },
        ]),
        ts(
          'Burn rate',
          'short',
          ['5m', '1h', '6h', '3d'].map((w) => ({
            expr: `slo:sli_error:ratio_rate${w}${sel} / ${budget}`,
            legend: w,
          })),
        ),
      ],
    };
  });
  return [golden, methods, ...extraRows, ...sloRows];
}
