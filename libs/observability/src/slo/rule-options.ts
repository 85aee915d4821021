import type { OptionProblem } from '../errors/observability-config.error';
import { MESSAGES } from '../messages/messages';
import type { OptionText } from '../messages/option.messages';
import { RULE_OPTION_MESSAGES as TEXT } from '../messages/option.messages';
import { isValidMetricName } from '../naming/prometheus-names';

/**
 * What the generators need beyond the SLOs. Give `serviceName`, `job` or both: each defaults to
 * the other.
 *
 * @publicApi
 * @example
 * { serviceName: 'prediction-api', port: 9464, alertmanagers: ['alertmanager.monitoring:9093'] }
 */
export interface RuleOptions {
  /**
   * The service's name (the `serviceName` given to `ObservabilityModule`), a DNS label: it names
   * the headless Service the generated scrape configuration resolves (`<serviceName>-headless`),
   * the Grafana dashboard (its uid and file) and the alerts' summaries.
   * @default job
   */
  readonly serviceName?: string;
  /**
   * The Prometheus `job` label of the service's series. Every generated rule, alert and dashboard
   * query selects it and every generated series carries it, so several services share one
   * Prometheus and one Alertmanager. The generated scrape configuration gives its job this name.
   * @default serviceName
   */
  readonly job?: string;
  /** `metrics.prefix` of the service. @default '' */
  readonly prefix?: string;
  /** Runbooks live at `${runbookBaseUrl}/${slo name}`. @default undefined (no runbook link) */
  readonly runbookBaseUrl?: string;
  /** The Grafana dashboard of the service. @default undefined (no dashboard link) */
  readonly dashboardUrl?: string;
  /** The port Prometheus scrapes on each pod (the port serving `metrics.path`). @default 3000 */
  readonly port?: number;
  /** The path Prometheus scrapes (the service's `metrics.path`). @default '/metrics' */
  readonly metricsPath?: string;
  /**
   * The Alertmanagers Prometheus sends alerts to, as `host:port`; an empty list sends none.
   * @default ['alertmanager:9093']
   */
  readonly alertmanagers?: readonly string[];
  /**
   * The command that regenerates the files, named in their "DO NOT EDIT" header.
   * @default 'nestjs-observability generate'
   */
  readonly command?: string;
}

/** `RuleOptions` with every default applied. @internal */
export interface ResolvedRuleOptions extends Required<
  Omit<RuleOptions, 'runbookBaseUrl' | 'dashboardUrl'>
> {
  readonly runbookBaseUrl?: string;
  readonly dashboardUrl?: string;
}

/** The regenerate command named in generated files when `RuleOptions.command` is not set. @internal */
export const DEFAULT_GENERATE_COMMAND = 'nestjs-observability generate';

const FIELDS = [
  'serviceName',
  'job',
  'prefix',
  'runbookBaseUrl',
  'dashboardUrl',
  'port',
  'metricsPath',
  'alertmanagers',
  'command',
];
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const PATH = /^\/[^\s?#]*$/;
const HOST_PORT = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?):(\d{1,5})$/;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isPort = (v: unknown) =>
  typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65_535;
const isAddress = (v: unknown) => {
  const match = typeof v === 'string' ? HOST_PORT.exec(v) : null;
  return match !== null && isPort(Number(match[3]));
};
const isUrl = (v: unknown) => {
  try {
    return typeof v === 'string' && ['http:', 'https:'].includes(new URL(v).protocol);
  } catch {
    return false;
  }
};

/** Each field's check, on a value that is present. */
const CHECKS: Record<string, [(value: unknown) => boolean, OptionText]> = {
  serviceName: [(v) => typeof v === 'string' && DNS_LABEL.test(v), TEXT.serviceName],
  job: [
    (v) => typeof v === 'string' && v.trim() !== '' && v.length <= 128 && !CONTROL.test(v),
    TEXT.job,
  ],
  prefix: [(v) => v === '' || (typeof v === 'string' && isValidMetricName(v)), TEXT.prefix],
  runbookBaseUrl: [isUrl, TEXT.url],
  dashboardUrl: [isUrl, TEXT.url],
  port: [isPort, TEXT.port],
  metricsPath: [(v) => typeof v === 'string' && PATH.test(v), TEXT.metricsPath],
  alertmanagers: [(v) => Array.isArray(v) && v.every(isAddress), TEXT.alertmanagers],
  command: [(v) => typeof v === 'string' && v.trim() !== '' && !CONTROL.test(v), TEXT.command],
};

/**
 * Every problem of the generators' options (`RuleOptions`, or an SLO module's `RULE_OPTIONS` as
 * the command reads it), each naming the field, the value and the fix. An empty list means valid.
 * `name` turns a field into the name the user knows it by (a command-line flag, say).
 *
 * @param options what to check: anything, as read from code or a file
 * @param name how to name a field in a problem @default the field itself
 * @publicApi
 */
export function validateRuleOptions(
  options: unknown,
  name: (field: string) => string = (field) => field,
): OptionProblem[] {
  if (!isObject(options)) return [{ option: name(''), value: options, ...TEXT.notAnObject }];
  const problems: OptionProblem[] = [];
  for (const [field, value] of Object.entries(options)) {
    const check = CHECKS[field];
    if (check === undefined) {
      problems.push({ option: name(field), value, ...TEXT.unknownField(FIELDS) });
    } else if (value !== undefined && !check[0](value)) {
      problems.push({ option: name(field), value, ...check[1] });
    }
  }
  if (options.serviceName === undefined && options.job === undefined) {
    problems.push({ option: name('serviceName'), value: undefined, ...TEXT.noName });
  } else if (options.serviceName === undefined && !DNS_LABEL.test(String(options.job))) {
    // The job stands in for the service name, which must be a DNS label.
    problems.push({ option: name('serviceName'), value: options.job, ...TEXT.serviceName });
  }
  return problems;
}

/**
 * `options` with every default applied. Throws, listing every problem, when they are invalid.
 *
 * @internal
 */
export function resolveRuleOptions(options: RuleOptions): ResolvedRuleOptions {
  const problems = validateRuleOptions(options);
  if (problems.length > 0) throw new Error(MESSAGES.invalidRuleOptions(problems));
  const serviceName = (options.serviceName ?? options.job) as string;
  return {
    ...options,
    serviceName,
    job: options.job ?? serviceName,
    prefix: options.prefix ?? '',
    port: options.port ?? 3000,
    metricsPath: options.metricsPath ?? '/metrics',
    alertmanagers: options.alertmanagers ?? ['alertmanager:9093'],
    command: options.command ?? DEFAULT_GENERATE_COMMAND,
  };
}

/**
 * `value` as a PromQL string literal (quoted, with `"` and `\` escaped), for a label matcher.
 *
 * @internal
 */
export function promString(value: string): string {
  return JSON.stringify(value);
}
