/**
 * `nestjs-observability/slo`: SLO types, error-budget math and the generators of Prometheus
 * recording and alerting rules, scrape and Alertmanager configurations and the Grafana dashboard.
 * Build-time code: the service itself never loads it (the runtime entry only re-exports the types
 * that `ObservabilityModule`'s `slos` option takes). The Grafana builder, an optional peer
 * package, loads only when a dashboard is generated.
 *
 * @module
 */
export type { DriftMethod, DriftThresholds, SloDefinition, SloTarget } from './slo.interface';
export { budgetSpent, burnRate, errorBudget, errorBudgetReport } from './error-budget';
export type { ErrorBudgetReport } from './error-budget';
export { durationSeconds } from './duration';
export {
  goldenSignalAlerts,
  renderRuleFile,
  sloAlertRules,
  sloRecordingRules,
} from './prometheus-rules';
export type { PrometheusRule, RuleGroup } from './prometheus-rules';
export { validateRuleOptions } from './rule-options';
export type { RuleOptions } from './rule-options';
export { generateDeployFiles, generatePrometheusFiles } from './prometheus-files';
export type { DeployFileOptions } from './prometheus-files';
export { dashboardRows } from './dashboard-panels';
export type { PanelQuery, PanelSpec, RowSpec } from './dashboard-panels';
export { grafanaDashboard } from './grafana-dashboard';
export { validateSlos } from './validate-slos';
export type { OptionProblem } from '../errors/observability-config.error';
