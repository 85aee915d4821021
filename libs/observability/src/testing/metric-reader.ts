import type { Registry } from 'prom-client';
import { MESSAGES } from '../messages/messages';
import type { SampleView } from '../metrics/registry-snapshots';

/**
 * A histogram's figures for the series that match a label filter, summed.
 *
 * @publicApi
 */
export interface HistogramReading {
  /** Observations counted (`_count`). */
  readonly count: number;
  /** Sum of the observed values (`_sum`), in the metric's unit. */
  readonly sum: number;
  /** Cumulative count per upper bound (`le`), `+Inf` included. */
  readonly buckets: Readonly<Record<string, number>>;
}

const matches = (sample: SampleView, filter: Readonly<Record<string, string>>) =>
  Object.entries(filter).every(([k, v]) => sample.labels[k] === v);

/**
 * Reads metric values from a registry by name and labels, without parsing `/metrics`.
 *
 * @internal
 */
export async function readSamples(
  registry: Registry,
  name: string,
): Promise<readonly SampleView[]> {
  const metric = registry.getSingleMetric(name);
  if (metric === undefined) {
    const known = registry.getMetricsAsArray().map((m) => m.name);
    throw new Error(MESSAGES.noSuchMetric(name, known));
  }
  // Declared as always there; a metric of the application's own might still give none.
  const { values = [] } = await metric.get();
  return values;
}

/** Sum of the values of the series of `name` whose labels include `filter`. @internal */
export async function sumValues(
  registry: Registry,
  name: string,
  filter: Readonly<Record<string, string>>,
): Promise<number> {
  const samples = await readSamples(registry, name);
  return samples
    .filter((s) => (s.metricName === undefined || s.metricName === name) && matches(s, filter))
    .reduce((total, s) => total + s.value, 0);
}

/** Count, sum and buckets of the histogram series of `name` whose labels include `filter`. @internal */
export async function readHistogram(
  registry: Registry,
  name: string,
  filter: Readonly<Record<string, string>>,
): Promise<HistogramReading> {
  const samples = (await readSamples(registry, name)).filter((s) => matches(s, filter));
  const total = (suffix: string) =>
    samples.filter((s) => s.metricName === `${name}${suffix}`).reduce((t, s) => t + s.value, 0);
  const buckets: Record<string, number> = {};
  for (const s of samples.filter((x) => x.metricName === `${name}_bucket`)) {
    const le = String(s.labels.le);
    buckets[le] = (buckets[le] ?? 0) + s.value;
  }
  return { count: total('_count'), sum: total('_sum'), buckets };
}
