import {
  generatedHeader,
  goldenSignalAlerts,
  renderRuleFile,
  sloAlertRules,
  sloRecordingRules,
} from './prometheus-rules';
import type { RuleOptions } from './rule-options';
import { resolveRuleOptions } from './rule-options';
import type { SloDefinition } from './slo.interface';
import { alertmanagerConfig, prometheusConfig } from './deploy-configs';
import type { RowSpec } from './dashboard-panels';
import { dashboardRows } from './dashboard-panels';
import { grafanaDashboard } from './grafana-dashboard';

/**
 * Every generated Prometheus file of a service, by file name: its SLOs' recording rules and
 * burn-rate alerts, its golden-signal alerts, a Prometheus scrape configuration and an example
 * Alertmanager configuration. Pure and deterministic: the same SLOs give the same bytes. Throws,
 * listing every problem, when `ruleOptions` are invalid.
 *
 * @publicApi
 */
export function generatePrometheusFiles(
  slos: readonly SloDefinition[],
  ruleOptions: RuleOptions,
): Record<string, string> {
  const options = resolveRuleOptions(ruleOptions);
  const command = options.command;
  return {
    'slo-rules.yml': renderRuleFile(
      [...sloRecordingRules(slos, options), ...sloAlertRules(slos, options)],
      command,
    ),
    'golden-signal-alerts.yml': renderRuleFile([goldenSignalAlerts(options)], command),
    'prometheus.yml': generatedHeader(command) + prometheusConfig(options),
    'alertmanager.yml': generatedHeader(command) + alertmanagerConfig(),
  };
}

/** What `generateDeployFiles` writes beyond the Prometheus files. @publicApi */
export interface DeployFileOptions {
  /**
   * Also generate the Grafana dashboard (which needs the optional peer package
   * `@grafana/grafana-foundation-sdk`).
   * @default true
   */
  readonly dashboard?: boolean;
}

/**
 * Every generated deployment file of a service, by path under `deploy/`: the Prometheus files in
 * `prometheus/` and the Grafana dashboard in `grafana/<serviceName>.json`. Throws, listing every
 * problem, when `ruleOptions` are invalid.
 *
 * @publicApi
 */
export function generateDeployFiles(
  slos: readonly SloDefinition[],
  ruleOptions: RuleOptions,
  extraRows: readonly RowSpec[] = [],
  generate: DeployFileOptions = {},
): Record<string, string> {
  const options = resolveRuleOptions(ruleOptions);
  const files: Record<string, string> = {};
  for (const [file, content] of Object.entries(generatePrometheusFiles(slos, options))) {
    files[`prometheus/${file}`] = content;
  }
  if (generate.dashboard === false) return files;
  files[`grafana/${options.serviceName}.json`] = grafanaDashboard(
    options,
    dashboardRows(slos, options, extraRows),
  );
  return files;
}
