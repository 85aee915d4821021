import {
  generatedHeader,
  goldenSignalAlerts,
  renderRuleFile,
  sloAlertRules,
  sloRecordingRules,
} from './prometheus-rules';
import type { RuleOptions } from './prometheus-rules';
import type { SloDefinition } from './slo.interface';
import { alertmanagerConfig, prometheusConfig } from './deploy-configs';
import type { RowSpec } from './dashboard-panels';
import { dashboardRows } from './dashboard-panels';
import { grafanaDashboard } from './grafana-dashboard';

/** The command that regenerates the rule files, named in their header. @internal */
export const RULES_COMMAND = 'npm run observability -- generate';

/**
 * Every generated Prometheus file of a service, by file name: its SLOs' recording rules and
 * burn-rate alerts, its golden-signal alerts, a Prometheus scrape configuration and an example
 * Alertmanager configuration. Pure and deterministic: the same SLOs give the same bytes.
 *
 * @publicApi
 */
export function generatePrometheusFiles(
  slos: readonly SloDefinition[],
  options: RuleOptions,
): Record<string, string> {
  return {
    'slo-rules.yml': renderRuleFile(
      [...sloRecordingRules(slos, options), ...sloAlertRules(slos, options)],
      RULES_COMMAND,
    ),
    'golden-signal-alerts.yml': renderRuleFile([goldenSignalAlerts(options)], RULES_COMMAND),
    'prometheus.yml': generatedHeader(RULES_COMMAND) + prometheusConfig(options),
    'alertmanager.yml': generatedHeader(RULES_COMMAND) + alertmanagerConfig(),
  };
}

/**
 * Every generated deployment file of a service, by path under `deploy/`: the Prometheus files in
 * `prometheus/` and the Grafana dashboard in `grafana/<job>.json`.
 *
 * @publicApi
 */
export function generateDeployFiles(
  slos: readonly SloDefinition[],
  options: RuleOptions,
  extraRows: readonly RowSpec[] = [],
): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [file, content] of Object.entries(generatePrometheusFiles(slos, options))) {
    files[`prometheus/${file}`] = content;
  }
  files[`grafana/${options.job}.json`] = grafanaDashboard(
    options.job,
    dashboardRows(slos, options, extraRows),
    RULES_COMMAND,
  );
  return files;
}
