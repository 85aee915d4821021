import type { MetricObject, Registry } from 'prom-client';
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
 * This is the one place that reads prom-client's registered metrics as they are at run time,
 * where its type declarations are wrong (see the cast below).
 *
 * @internal
 */
export async function registrySnapshots(
  registry: Registry,
  onError: (error: unknown) => void = () => undefined,
): Promise<MetricSnapshotView[]> {
  // A cast that must stay: prom-client's index.d.ts declares `getMetricsAsArray(): MetricObject[]`,
  // the shape of `get()`'s result, without `get()` itself, though its registry.js returns the
  // registered metrics (each with `get()`, which its own `metrics()` calls). And the result of
  // `get()` is declared with `type: MetricType`, a numeric enum that index.js does not export (at
  // run time `type` is 'counter', 'histogram', ...) and with values without the `exemplar` they
  // carry. No public, typed method returns the metrics themselves for every registered name.
  const metrics = registry.getMetricsAsArray() as (MetricObject & Readable)[];
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
