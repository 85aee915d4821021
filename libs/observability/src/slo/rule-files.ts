import {
  goldenSignalAlerts,
  renderRuleFile,
  sloAlertRules,
  sloRecordingRules,
} from './prometheus-rules';
import type { RuleOptions } from './prometheus-rules';
import type { SloDefinition } from './slo.interface';

/** The command that regenerates the rule files, named in their header. @internal */
export const RULES_COMMAND = 'npm run observability -- rules';

/**
 * Every Prometheus rule file of a service, by file name: its SLOs' recording rules and burn-rate
 * alerts, and its golden-signal alerts. Pure and deterministic: the same SLOs give the same bytes.
 *
 * @publicApi
 */
export function generateRuleFiles(
  slos: readonly SloDefinition[],
  options: RuleOptions,
): Record<string, string> {
  return {
    'slo-rules.yml': renderRuleFile(
      [...sloRecordingRules(slos, options), ...sloAlertRules(slos, options)],
      RULES_COMMAND,
    ),
    'golden-signal-alerts.yml': renderRuleFile([goldenSignalAlerts(options)], RULES_COMMAND),
  };
}
