import type { Registry } from 'prom-client';
import type { MetricSample } from './metric-family.interface';

/** One metric of a registry, as its `get()` gives it. @internal */
export interface MetricSnapshotView {
  readonly name: string;
  readonly help: string;
  /** `counter`, `gauge`, `histogram` or `summary`. */
  readonly type: string;
  readonly values?: readonly MetricSample[];
}

interface Readable {
  get(): Promise<MetricSnapshotView> | MetricSnapshotView;
}

/**
 * The snapshot of every metric of `registry` (collect callbacks run), through each metric's public
 * `get()`, as `registry.metrics()` reads them. A metric whose `get()` fails is left out and its
 * error handed to `onError`, so one broken metric never empties a scrape.
 *
 * prom-client's type declarations give `getMetricsAsArray()` the metric's configuration type,
 * without `get()`, and declare `type` as a numeric enum; at run time every metric has `get()` and
 * `type` is the name. This is the one place that reads them as they are.
 *
 * @internal
 */
export async function registrySnapshots(
  registry: Registry,
  onError: (error: unknown) => void = () => undefined,
): Promise<MetricSnapshotView[]> {
  const metrics = registry.getMetricsAsArray() as unknown as Readable[];
  const snapshots = await Promise.all(
    metrics.map((metric) =>
      Promise.resolve()
        .then(() => metric.get())
        .catch((error: unknown) => {
          onError(error);
          return undefined;
        }),
    ),
  );
  return snapshots.filter((s): s is MetricSnapshotView => s !== undefined);
}
