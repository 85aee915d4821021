import { stringify } from 'yaml';
import { METRIC_NAMES } from '../naming/metric-names';
import { BURN_RATE_WINDOWS, MIN_EVENTS_PER_HOUR, RECORDED_WINDOWS } from './burn-rate-alerts';
import { durationSeconds } from './duration';
import { errorBudget } from './error-budget';
import { driftAlertGroups, modelRecordingRules } from './model-slo-rules';
import { sliQueries } from './sli-queries';
import type { ResolvedRuleOptions, RuleOptions } from './rule-options';
import { promString, resolveRuleOptions } from './rule-options';
import type { SloDefinition } from './slo.interface';

/** A Prometheus rule (recording or alerting). @publicApi */
export type PrometheusRule =
  | { readonly record: string; readonly expr: string; readonly labels?: Record<string, string> }
  | {
      readonly alert: string;
      readonly expr: string;
      readonly for?: string;
      readonly labels: Record<string, string>;
      readonly annotations: Record<string, string>;
    };

/** A group of rules, evaluated together. @publicApi */
export interface RuleGroup {
  /** The group's name, unique in a rule file. */
  readonly name: string;
  /** Its rules, in evaluation order. */
  readonly rules: readonly PrometheusRule[];
}

/** Links to the runbook and the dashboard, where the options give them. */
function links(options: ResolvedRuleOptions, runbook: string): Record<string, string> {
  const result: Record<string, string> = {};
  if (options.runbookBaseUrl !== undefined) {
    result.runbook_url = `${options.runbookBaseUrl}/${runbook}`;
  }
  if (options.dashboardUrl !== undefined) result.dashboard_url = options.dashboardUrl;
  return result;
}

const round = (n: number) => Number(n.toPrecision(12));

/** Days the budget of an SLO over `window` lasts when burning `factor` times too fast. */
const budgetDays = (window: string, factor: number) =>
  ((durationSeconds(window) as number) / 86_400 / factor).toFixed(1);
const errorRatio = (window: string) => `slo:sli_error:ratio_rate${window}`;
/** The recorded series of one SLO of one service. */
const sloSelector = (options: ResolvedRuleOptions, slo: SloDefinition) =>
  `{job=${promString(options.job)},slo=${promString(slo.name)}}`;

/**
 * Recording rules of each SLO: its error ratio over 5m, 30m, 1h, 2h, 6h, 1d, 3d and its window,
 * its traffic over 1h (for the alerts' minimum-traffic guard), its objective and its remaining
 * error budget. Every query selects the service's own series (`job`) and every series carries
 * `job` and `slo="<name>"`, so services sharing a Prometheus, even with SLOs of the same name,
 * never mix; sums run across every scraped replica of the job.
 *
 * @publicApi
 */
export function sloRecordingRules(
  slos: readonly SloDefinition[],
  ruleOptions: RuleOptions,
): RuleGroup[] {
  const options = resolveRuleOptions(ruleOptions);
  return slos.map((slo) => {
    const sli = sliQueries(slo, options);
    const labels = { job: options.job, slo: slo.name };
    const windows = [...new Set([...RECORDED_WINDOWS, slo.window])];
    const budget = errorBudget(slo.objective);
    return {
      name: `slo-recording-${slo.name}`,
      rules: [
        ...modelRecordingRules(slo, options),
        ...windows.map((w) => ({
          record: errorRatio(w),
          expr: `${sli.errors(w)}\n/\n${sli.total(w)}`,
          labels,
        })),
        { record: 'slo:sli_total:rate1h', expr: sli.total('1h'), labels },
        { record: 'slo:objective:ratio', expr: `vector(${slo.objective})`, labels },
        {
          record: 'slo:error_budget:remaining_ratio',
          expr: `1 - ${errorRatio(slo.window)}${sloSelector(options, slo)} / ${budget}`,
          labels,
        },
      ],
    };
  });
}

/**
 * Multi-window, multi-burn-rate alerts of each SLO: page at 14.4× over 1h and 5m and at 6× over
 * 6h and 30m; ticket at 3× over 1d and 2h and at 1× over 3d and 6h. Each fires only with at least
 * `MIN_EVENTS_PER_HOUR` events in the last hour, so a lone error at low traffic wakes nobody.
 * Each alert carries `job` and `slo`, so Alertmanager tells services apart. Drift SLOs also get
 * a group alerting on drift sustained above their act threshold.
 *
 * @publicApi
 */
export function sloAlertRules(
  slos: readonly SloDefinition[],
  ruleOptions: RuleOptions,
): RuleGroup[] {
  const options = resolveRuleOptions(ruleOptions);
  const groups = slos.map((slo) => {
    const budget = errorBudget(slo.objective);
    const selector = sloSelector(options, slo);
    return {
      name: `slo-alerts-${slo.name}`,
      rules: [
        ...BURN_RATE_WINDOWS.map((w) => {
          const threshold = round(w.factor * budget);
          return {
            alert: w.severity === 'page' ? 'SLOErrorBudgetBurnFast' : 'SLOErrorBudgetBurnSlow',
            expr: [
              `${errorRatio(w.long)}${selector} > ${threshold}`,
              `and ${errorRatio(w.short)}${selector} > ${threshold}`,
              `and slo:sli_total:rate1h${selector} * 3600 >= ${MIN_EVENTS_PER_HOUR}`,
            ].join('\n'),
            for: w.for,
            labels: {
              severity: w.severity,
              job: options.job,
              slo: slo.name,
              windows: `${w.long}/${w.short}`,
              burn_rate: String(w.factor),
            },
            annotations: {
              summary: `${options.serviceName}/${slo.name}: error budget burning ${w.factor}x too fast over ${w.long} and ${w.short}`,
              description: `${slo.description ?? slo.name} (objective ${slo.objective} over ${slo.window}). At this rate the whole budget lasts ${budgetDays(slo.window, w.factor)} days. Error ratio over ${w.long}: {{ $value | humanizePercentage }}.`,
              ...links(options, slo.name),
            },
          };
        }),
        ...(slo.target.kind === 'task' ? [staleTaskAlert(slo, slo.target.task, options)] : []),
      ],
    };
  });
  return [...groups, ...driftAlertGroups(slos, options, (slo) => links(options, slo))];
}

/**
 * A task SLO's freshness alert: the task's last success is older than twice its period, whatever
 * its runs' error ratio says (a task that stopped running has no runs to fail). A task that never
 * succeeded since the process started has no last success yet: its failing runs are what the
 * burn-rate alerts see.
 */
function staleTaskAlert(
  slo: SloDefinition,
  task: string,
  options: ResolvedRuleOptions,
): PrometheusRule {
  const matchers = `{job=${promString(options.job)},task=${promString(task)}}`;
  const last = `max(${options.prefix}${METRIC_NAMES.taskLastSuccess}${matchers})`;
  const period = `max(${options.prefix}${METRIC_NAMES.taskPeriod}${matchers})`;
  return {
    alert: 'ScheduledTaskStale',
    expr: `time() - ${last} > 2 * ${period}`,
    for: '5m',
    labels: { severity: 'ticket', job: options.job, slo: slo.name, task },
    annotations: {
      summary: `${options.serviceName}/${slo.name}: task ${task} has not succeeded for more than twice its period`,
      description: `${slo.description ?? slo.name}: last success {{ $value | humanizeDuration }} ago.`,
      ...links(options, slo.name),
    },
  };
}

/**
 * Alerts on the golden signals of the service's own job, independent of any SLO: a high 5xx ratio,
 * a high p95 latency, a saturated event loop, and a scrape target down. Each carries `job`.
 *
 * @publicApi
 */
export function goldenSignalAlerts(ruleOptions: RuleOptions): RuleGroup {
  const options = resolveRuleOptions(ruleOptions);
  const p = options.prefix;
  const job = `job=${promString(options.job)}`;
  const requests = `${p}${METRIC_NAMES.httpRequests}`;
  const duration = `${p}${METRIC_NAMES.httpDuration}`;
  const annotations = (summary: string) => ({
    summary: `${options.serviceName}: ${summary}`,
    ...links(options, 'golden-signals'),
  });
  return {
    name: 'golden-signals',
    rules: [
      {
        alert: 'HighErrorRatio',
        expr: `sum by (job) (rate(${requests}{${job},status=~"5.."}[5m]))\n/\nsum by (job) (rate(${requests}{${job}}[5m])) > 0.05`,
        for: '5m',
        labels: { severity: 'ticket', job: options.job },
        annotations: annotations('more than 5% of requests answered 5xx for 5 minutes'),
      },
      {
        alert: 'HighLatencyP95',
        expr: `histogram_quantile(0.95, sum by (job, le) (rate(${duration}_bucket{${job}}[5m]))) > 1`,
        for: '10m',
        labels: { severity: 'ticket', job: options.job },
        annotations: annotations('p95 latency above 1 s for 10 minutes'),
      },
      {
        alert: 'EventLoopSaturated',
        expr: `max by (job) (${p}nodejs_eventloop_utilization_ratio{${job}}) > 0.9`,
        for: '5m',
        labels: { severity: 'ticket', job: options.job },
        annotations: annotations('an instance spent over 90% of its time busy for 5 minutes'),
      },
      {
        alert: 'TargetDown',
        expr: `up{${job}} == 0`,
        for: '2m',
        labels: { severity: 'page', job: options.job },
        annotations: annotations('a scrape target of the service is down'),
      },
    ],
  };
}

/**
 * The first line of every generated YAML file: what made it and that it is not to be edited.
 *
 * @internal
 */
export function generatedHeader(command: string): string {
  return `# Generated by \`${command}\`. DO NOT EDIT: change the SLOs in code and regenerate.\n`;
}

/**
 * A Prometheus rule file, YAML, starting with a "generated, do not edit" header naming the command
 * that regenerates it.
 *
 * @publicApi
 */
export function renderRuleFile(groups: readonly RuleGroup[], command: string): string {
  return (
    generatedHeader(command) + stringify({ groups }, { lineWidth: 0, aliasDuplicateObjects: false })
  );
}
