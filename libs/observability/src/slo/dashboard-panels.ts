import { METRIC_NAMES } from '../naming/metric-names';
import { errorBudget } from './error-budget';
import { modelRows } from './model-dashboard-panels';
import type { RuleOptions } from './rule-options';
import { promString, resolveRuleOptions } from './rule-options';
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
  /**
   * What the panel shows when its queries return nothing, where that has a true meaning (`'0'`
   * for a rate of events that did not happen). @default undefined (Grafana's "No data")
   */
  readonly noValue?: string;
}

/** A row of panels. @publicApi */
export interface RowSpec {
  /** The row's title. */
  readonly title: string;
  /** Its panels, left to right. */
  readonly panels: readonly PanelSpec[];
}

const ts = (title: string, unit: string, queries: PanelQuery[], noValue?: string): PanelSpec => ({
  title,
  kind: 'timeseries',
  unit,
  queries,
  ...(noValue === undefined ? {} : { noValue }),
});

/**
 * The matchers of a panel query on the service's own series: the dashboard's `job` variable
 * (the service's job by default) and its `instance` variable (all by default). Queries of
 * `DASHBOARD_ROWS` use them too, with `[$__rate_interval]` as the window of `rate()`.
 *
 * @internal
 */
export const PANEL_MATCHERS = 'job="$job",instance=~"$instance"';
const RATE = '[$__rate_interval]';

/**
 * The panels of a service's dashboard, as data (each one's PromQL, which tests run against a real
 * Prometheus): the four golden signals per route, every `@Timed`/`@Counted` method, `extraRows`
 * (a service's own panels, such as its ML signals), a row per model that accuracy or drift SLOs
 * watch, and each SLO with its SLI, remaining error budget and burn rates. Every query selects the dashboard's `$job` (and `$instance` where series
 * are per instance); rates use `$__rate_interval`; a service that never failed shows an error
 * share and error rates of 0, and an SLI of 100 %, not "No data".
 *
 * @publicApi
 */
export function dashboardRows(
  slos: readonly SloDefinition[],
  ruleOptions: RuleOptions,
  extraRows: readonly RowSpec[] = [],
): RowSpec[] {
  const options = resolveRuleOptions(ruleOptions);
  const p = options.prefix;
  const sel = PANEL_MATCHERS;
  const requests = `${p}${METRIC_NAMES.httpRequests}`;
  const duration = `${p}${METRIC_NAMES.httpDuration}`;
  const byRoute = `sum by (route) (rate(${requests}{${sel}}${RATE}))`;
  const golden: RowSpec = {
    title: 'Golden signals',
    panels: [
      ts('Traffic by route', 'reqps', [{ expr: byRoute, legend: '{{route}}' }], '0'),
      ts('Errors (5xx share) by route', 'percentunit', [
        {
          // A route that never answered 5xx has no such series: its share is 0, not missing.
          expr: `(sum by (route) (rate(${requests}{${sel},status=~"5.."}${RATE})) or 0 * ${byRoute}) / ${byRoute}`,
          legend: '{{route}}',
        },
      ]),
      ts('Latency p95 by route', 's', [
        {
          expr: `histogram_quantile(0.95, sum by (route, le) (rate(${duration}_bucket{${sel}}${RATE})))`,
          legend: '{{route}}',
        },
      ]),
      ts(
        'Saturation: requests in flight',
        'short',
        [
          {
            expr: `sum by (instance) (${p}${METRIC_NAMES.httpActive}{${sel}})`,
            legend: '{{instance}}',
          },
        ],
        '0',
      ),
      ts('Saturation: event loop', 'percentunit', [
        {
          expr: `max by (instance) (${p}nodejs_eventloop_utilization_ratio{${sel}})`,
          legend: 'busy {{instance}}',
        },
      ]),
      ts('Saturation: memory', 'bytes', [
        {
          expr: `max by (instance) (${p}process_resident_memory_bytes{${sel}})`,
          legend: '{{instance}}',
        },
      ]),
    ],
  };
  const methods: RowSpec = {
    title: 'Instrumented methods (@Timed, @Counted)',
    panels: [
      ts(
        'Calls by method',
        'reqps',
        [
          {
            expr: `sum by (class, method) (rate(${METRIC_NAMES.methodCalls}{${sel}}${RATE}))`,
            legend: '{{class}}.{{method}}',
          },
        ],
        '0',
      ),
      ts(
        'Errors by method and type',
        'reqps',
        [
          {
            expr: `sum by (class, method, error_type) (rate(${METRIC_NAMES.methodCalls}{${sel},outcome="error"}${RATE}))`,
            legend: '{{class}}.{{method}} {{error_type}}',
          },
        ],
        '0',
      ),
      ts('Duration p95 by method', 's', [
        {
          expr: `histogram_quantile(0.95, sum by (class, method, le) (rate(${METRIC_NAMES.methodDuration}_bucket{${sel}}${RATE})))`,
          legend: '{{class}}.{{method}}',
        },
      ]),
    ],
  };
  const sloRows = slos.map((slo): RowSpec => {
    const sel = `{job="$job",slo=${promString(slo.name)}}`;
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
  return [golden, methods, ...extraRows, ...modelRows(slos), ...sloRows];
}
