import { stringify } from 'yaml';
import type { RuleOptions } from './rule-options';
import { resolveRuleOptions } from './rule-options';

/** The files generated beside the rules, in the same directory. @internal */
export const RULE_FILE_NAMES = ['slo-rules.yml', 'golden-signal-alerts.yml'] as const;

const yaml = (value: unknown) => stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });

/**
 * A Prometheus configuration that scrapes every pod of the service on `port` at `metricsPath`,
 * found through the DNS of a headless Service (`<serviceName>-headless`, one A record per ready
 * pod; supported by every Prometheus build, Debian's included, unlike Kubernetes discovery), under
 * the job `job`, loads the generated rules and sends alerts to `alertmanagers`. Each replica is a
 * target of its own; the rules sum across them, so scaling out changes nothing here.
 *
 * @publicApi
 */
export function prometheusConfig(ruleOptions: RuleOptions): string {
  const options = resolveRuleOptions(ruleOptions);
  return yaml({
    global: { scrape_interval: '15s', evaluation_interval: '30s' },
    rule_files: [...RULE_FILE_NAMES],
    ...(options.alertmanagers.length === 0
      ? {}
      : {
          alerting: {
            alertmanagers: [{ static_configs: [{ targets: [...options.alertmanagers] }] }],
          },
        }),
    scrape_configs: [
      {
        job_name: options.job,
        metrics_path: options.metricsPath,
        dns_sd_configs: [
          { names: [`${options.serviceName}-headless`], type: 'A', port: options.port },
        ],
      },
    ],
  });
}

/**
 * An example Alertmanager configuration for the generated alerts: `severity="page"` goes to the
 * on-call pager, `severity="ticket"` to the ticket queue, and a ticket is held back while a page
 * for the same SLO of the same service fires. Alerts group by `job` too, so services sharing the
 * Alertmanager, even with SLOs of the same name, never merge.
 *
 * @publicApi
 */
export function alertmanagerConfig(): string {
  return yaml({
    route: {
      receiver: 'tickets',
      group_by: ['alertname', 'job', 'slo'],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '4h',
      routes: [
        { receiver: 'pager', matchers: ['severity="page"'], repeat_interval: '1h' },
        { receiver: 'tickets', matchers: ['severity="ticket"'] },
      ],
    },
    inhibit_rules: [
      {
        source_matchers: ['severity="page"'],
        target_matchers: ['severity="ticket"'],
        equal: ['job', 'slo'],
      },
    ],
    receivers: [
      { name: 'pager', webhook_configs: [{ url: 'http://pager.example.com/alert' }] },
      { name: 'tickets', webhook_configs: [{ url: 'http://tickets.example.com/alert' }] },
    ],
  });
}
