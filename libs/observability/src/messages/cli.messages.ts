import { describeValue } from './describe-value';

/**
 * Everything the `nestjs-observability` command prints, as data: each error is one line that
 * names the problem and the fix.
 *
 * @internal
 */
export const CLI_MESSAGES = {
  usage: `Usage:
  nestjs-observability generate --slos <module> --out <dir> [--job <name>] [--port <n>]
                                [--metrics-path <path>] [--alertmanager <host:port>]...
                                [--no-dashboard] [--check]
  nestjs-observability --help

Generates, from the SLOs a module exports, the files that watch them:
  <dir>/prometheus/slo-rules.yml             recording rules and multi-window burn-rate alerts
  <dir>/prometheus/golden-signal-alerts.yml  alerts on errors, latency, saturation, target down
  <dir>/prometheus/prometheus.yml            a scrape configuration that loads the rules
  <dir>/prometheus/alertmanager.yml          an example Alertmanager routing (page / ticket)
  <dir>/grafana/<service>.json               the Grafana dashboard (needs @grafana/grafana-foundation-sdk)

Every rule, alert and dashboard query selects the service's own series by their job label and
carries it, so several services share one Prometheus and one Alertmanager.

Options:
  --slos <module>  a module exporting SLOS (SloDefinition[]) and optionally RULE_OPTIONS
                   (RuleOptions) and DASHBOARD_ROWS (RowSpec[]): a .js, .cjs or .mjs file, or a .ts
                   file Node can run by stripping its types
  --out <dir>      where the files go
  --job <name>     the job label of the service's series (default: RULE_OPTIONS.job, else
                   RULE_OPTIONS.serviceName)
  --port <n>       the port Prometheus scrapes on each pod (default: RULE_OPTIONS.port, else 3000)
  --metrics-path <path>
                   the path Prometheus scrapes (default: RULE_OPTIONS.metricsPath, else /metrics)
  --alertmanager <host:port>
                   an Alertmanager Prometheus sends alerts to; repeat for several (default:
                   RULE_OPTIONS.alertmanagers, else alertmanager:9093)
  --no-dashboard   generate the Prometheus files only (no Grafana dashboard)
  --check          write nothing; exit 1, naming each file, when a file in <dir> differs from what
                   would be generated (for CI)
  --help           print this help
`,
  unknownCommand: (command: string) =>
    `Unknown command ${JSON.stringify(command)}. Fix: run nestjs-observability generate --slos <module> --out <dir>, or nestjs-observability --help.`,
  badArguments: (detail: string) =>
    `${detail.replace(/\.$/, '')}. Fix: see nestjs-observability --help for the options.`,
  missingOption: (option: string, example: string) =>
    `--${option} is required. Fix: pass it, e.g. ${example}.`,
  moduleNotFound: (path: string) =>
    `--slos ${path}: no such file. Fix: pass the path of the module that exports your SLOs (the compiled .js, or a .ts file Node can run).`,
  moduleFailed: (path: string, cause: string) =>
    `--slos ${path} could not be loaded: ${cause}. Fix: pass the compiled .js of your SLO module, or make the .ts runnable by Node alone (type-only imports, explicit file extensions).`,
  noSlos: (path: string) =>
    `${path} exports no SLOS array. Fix: export const SLOS: SloDefinition[] = [...] from it.`,
  badRuleOptions: (path: string) =>
    `${path} exports RULE_OPTIONS that is not an object. Fix: export const RULE_OPTIONS: RuleOptions = { serviceName: 'my-service' }, or leave it out and pass --job.`,
  badRows: (path: string, problem: string) =>
    `${path}: ${problem}. Fix: export an array of RowSpec ({ title, panels: [{ title, kind: 'timeseries' | 'stat', unit, queries: [{ expr, legend }] }] }), or leave it out.`,
  invalidOption: (option: string, value: unknown, expected: string, fix: string) =>
    `${option} = ${describeValue(value)}: expected ${expected}. Fix: ${fix}`,
  invalidSlo: (option: string, expected: string, fix: string) =>
    `${option}: expected ${expected}. Fix: ${fix}`,
  missingPackage: (message: string) =>
    message.includes('@grafana/grafana-foundation-sdk')
      ? `${message.replace(/\.$/, '')}, or pass --no-dashboard to generate the Prometheus files only.`
      : message,
  wrote: (file: string) => `wrote ${file}`,
  upToDate: (count: number, dir: string) => `${count} files in ${dir} are up to date.`,
  drifted: (file: string, command: string) =>
    `${file} differs from what the SLOs generate. Fix: run ${command} and commit the result.`,
  unexpectedFailure: (detail: string) => `nestjs-observability failed unexpectedly: ${detail}`,
} as const;
