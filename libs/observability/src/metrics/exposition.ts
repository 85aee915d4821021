import type { Registry } from 'prom-client';
import type {
  MetricSnapshotView as Snapshot,
  SampleLabels as Labels,
  SampleView,
} from './registry-snapshots';
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

/** Characters a label value or help text must escape; most have none and are copied as is. */
const NEEDS_ESCAPE = /[\\\n"]/;

const escapeLabel = (v: string) =>
  NEEDS_ESCAPE.test(v) ? v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"') : v;
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

function formatLabels(labels: Labels): string {
  let out = '';
  for (const key in labels) {
    const value = labels[key];
    out += `${out === '' ? '{' : ','}${key}="${typeof value === 'string' ? escapeLabel(value) : String(value)}"`;
  }
  return out === '' ? '' : `${out}}`;
}

/** An exemplar as prom-client's and the SDK's metrics carry one on a sample. */
interface SampleExemplar {
  readonly labelSet: Labels;
  readonly value: number;
  readonly timestamp: number;
}

const isSampleExemplar = (e: unknown): e is SampleExemplar =>
  typeof e === 'object' &&
  e !== null &&
  'labelSet' in e &&
  typeof e.labelSet === 'object' &&
  e.labelSet !== null &&
  'value' in e &&
  typeof e.value === 'number' &&
  'timestamp' in e &&
  typeof e.timestamp === 'number';

/**
 * The exemplar of `sample`, a field prom-client's types do not declare: at run time a sample has
 * one (prom-client's counters and histograms, the SDK's families), `exemplar: null`, or none.
 */
const exemplarOf = (sample: SampleView): SampleExemplar | undefined =>
  'exemplar' in sample && isSampleExemplar(sample.exemplar) ? sample.exemplar : undefined;

/**
 * One metric's lines, each ending with a newline. Built by appending to one string rather than
 * joining an array of lines, and label values escaped only when they hold a character to escape:
 * a registry of 10,000 series renders in about half the time (`bench/metrics-render.bench.ts`).
 */
function renderFamily(snapshot: Snapshot, om: boolean): string {
  const isCounter = snapshot.type === 'counter';
  const family = om && isCounter ? snapshot.name.replace(/_total$/, '') : snapshot.name;
  let out = `# HELP ${family} ${escapeHelp(snapshot.help, om)}\n# TYPE ${family} ${snapshot.type}\n`;
  for (const sample of snapshot.values ?? []) {
    const name = om && isCounter ? `${family}_total` : (sample.metricName ?? snapshot.name);
    out += `${name}${formatLabels(sample.labels)} ${formatValue(sample.value)}`;
    if (om) {
      const e = exemplarOf(sample);
      if (e !== undefined) {
        out += ` # ${formatLabels(e.labelSet) || '{}'} ${formatValue(e.value)} ${e.timestamp}`;
      }
    }
    out += '\n';
  }
  return out;
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
  let text = '';
  for (const snapshot of snapshots) text += renderFamily(snapshot, om);
  return om ? `${text}# EOF\n` : text;
}
