import type { Registry } from 'prom-client';
import type { MetricSnapshotView as Snapshot } from './registry-snapshots';
import { registrySnapshots } from './registry-snapshots';

/**
 * The two text formats a scraper may ask for.
 *
 * @publicApi
 */
export type ExpositionFormat = 'prometheus' | 'openmetrics';

/**
 * `Content-Type` of each exposition format.
 *
 * @publicApi
 */
export const EXPOSITION_CONTENT_TYPES: Readonly<Record<ExpositionFormat, string>> = {
  prometheus: 'text/plain; version=0.0.4; charset=utf-8',
  openmetrics: 'application/openmetrics-text; version=1.0.0; charset=utf-8',
};

const escapeLabel = (v: string) =>
  v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const escapeHelp = (v: string, om: boolean) => {
  const s = v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
  return om ? s.replace(/"/g, '\\"') : s;
};

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function formatLabels(labels: Readonly<Record<string, string | number>>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(String(v))}"`);
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

function renderFamily(snapshot: Snapshot, om: boolean): string[] {
  const isCounter = snapshot.type === 'counter';
  const family = om && isCounter ? snapshot.name.replace(/_total$/, '') : snapshot.name;
  const lines = [
    `# HELP ${family} ${escapeHelp(snapshot.help, om)}`,
    `# TYPE ${family} ${snapshot.type}`,
  ];
  for (const sample of snapshot.values ?? []) {
    const name = om && isCounter ? `${family}_total` : (sample.metricName ?? snapshot.name);
    let line = `${name}${formatLabels(sample.labels)} ${formatValue(sample.value)}`;
    // prom-client gives `exemplar: null` on samples without one.
    if (om && sample.exemplar != null) {
      const e = sample.exemplar;
      line += ` # ${formatLabels(e.labelSet) || '{}'} ${formatValue(e.value)} ${e.timestamp}`;
    }
    lines.push(line);
  }
  return lines;
}

/**
 * Renders every metric of `registry` (the SDK's families and users' own prom-client metrics) in
 * the Prometheus text format, or in OpenMetrics with exemplars. A metric whose collection fails is
 * left out (and its error handed to `onError`): one broken metric never empties a scrape. Unlike prom-client's own
 * `registry.metrics()`, both formats come from one registry and rendering changes nothing in it
 * (prom-client renames counters in place when it renders OpenMetrics).
 *
 * @publicApi
 */
export async function renderMetrics(
  registry: Registry,
  format: ExpositionFormat,
  onError?: (error: unknown) => void,
): Promise<string> {
  const om = format === 'openmetrics';
  const snapshots = await registrySnapshots(registry, onError);
  const lines = snapshots.flatMap((s) => renderFamily(s, om));
  return om ? `${lines.join('\n')}\n# EOF\n` : `${lines.join('\n')}\n`;
}
