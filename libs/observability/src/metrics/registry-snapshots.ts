import type { Metric, MetricObject, MetricValueWithName, Registry } from 'prom-client';
import { RUNTIME_MESSAGES } from '../messages/runtime.messages';

/**
 * One sample of a metric, prom-client's own declared type, read as `get()` gives it (not copied).
 * At run time a sample may also carry an `exemplar`, which prom-client's types do not declare:
 * read it with `'exemplar' in sample` and a check of its shape (`exposition.ts`).
 *
 * @internal
 */
export type SampleView = MetricValueWithName<string>;

/** A sample's labels, as prom-client types them (a value may be absent). @internal */
export type SampleLabels = Readonly<SampleView['labels']>;

/** One metric of a registry, as its `get()` gives it. @internal */
export interface MetricSnapshotView {
  readonly name: string;
  readonly help: string;
  /** `counter`, `gauge`, `histogram` or `summary`. */
  readonly type: string;
  readonly values?: readonly SampleView[];
}

/**
 * The snapshot of every metric of `registry` (collect callbacks run), through each metric's public
 * `get()`, as `registry.metrics()` reads them. A metric whose `get()` fails is left out and its
 * error handed to `onError`, so one broken metric never empties a scrape.
 *
 * prom-client's public, typed API is enough: `getMetricsAsArray()` lists the metrics (typed as the
 * shape of `get()`'s result, without `get()`), `getSingleMetric()` gives each one with its typed
 * `get()`. The result of `get()` is declared with `type: MetricType`, a numeric enum that
 * prom-client does not export at run time, where `type` is 'counter', 'histogram', ...: `String()`
 * gives that text whichever it is. The samples are handed on as they are.
 *
 * @internal
 */
export async function registrySnapshots(
  registry: Registry,
  onError: (error: unknown) => void = () => undefined,
): Promise<MetricSnapshotView[]> {
  const snapshots = await Promise.all(
    registry.getMetricsAsArray().map((listed) =>
      Promise.resolve()
        .then(() => snapshotOf(registry, listed))
        .catch((error: unknown) => {
          onError(error);
          return undefined;
        }),
    ),
  );
  return snapshots.filter((s): s is MetricSnapshotView => s !== undefined);
}

async function snapshotOf(registry: Registry, listed: MetricObject): Promise<MetricSnapshotView> {
  const metric = registeredMetric(registry, listed);
  if (metric === undefined) throw new Error(RUNTIME_MESSAGES.metricNotFoundByName(listed.name));
  const { name, help, type, values } = await metric.get();
  return { name, help, type: String(type), values };
}

/**
 * The registered metric `listed` (an entry of `getMetricsAsArray()`): registered under its name,
 * or, once prom-client's own OpenMetrics rendering renamed the counter in place (`jobs_total`
 * became `jobs`), under its name with `_total`.
 */
function registeredMetric(registry: Registry, listed: MetricObject): Metric | undefined {
  const named = registry.getSingleMetric(listed.name);
  if (Object.is(named, listed)) return named;
  const counter = registry.getSingleMetric(`${listed.name}_total`);
  return Object.is(counter, listed) ? counter : undefined;
}
