import { performance } from 'node:perf_hooks';
import type { Registry } from 'prom-client';
import { collectDefaultMetrics, Gauge } from 'prom-client';

/** Name of the event-loop utilisation gauge, after the prefix. @internal */
export const EVENT_LOOP_UTILIZATION = 'nodejs_eventloop_utilization_ratio';

/**
 * Registers the saturation signals of the Node process in `registry`, once per registry and
 * prefix: prom-client's process and runtime metrics (CPU, resident and heap memory, event-loop
 * lag percentiles, GC durations, active handles, requests and resources by type) and the
 * event-loop utilisation (share of time the loop was busy between two scrapes), which lag alone
 * does not show. prom-client's default metrics that other code registered already (such as
 * @willsoto/nestjs-prometheus's `defaultMetrics`) are kept, not registered twice.
 *
 * @internal
 */
export function registerRuntimeMetrics(registry: Registry, prefix: string): void {
  if (registry.getSingleMetric(`${prefix}process_cpu_user_seconds_total`) === undefined) {
    collectDefaultMetrics({ register: registry, prefix });
    removeMisnamedGauges(registry, [prefix]);
  }
  if (registry.getSingleMetric(`${prefix}${EVENT_LOOP_UTILIZATION}`) !== undefined) return;
  let previous = performance.eventLoopUtilization();
  new Gauge({
    name: `${prefix}${EVENT_LOOP_UTILIZATION}`,
    help: 'Share of time the event loop was busy since the previous scrape, from 0 to 1.',
    registers: [registry],
    collect() {
      const current = performance.eventLoopUtilization();
      this.set(performance.eventLoopUtilization(current, previous).utilization);
      previous = current;
    },
  });
}

/**
 * Removes from `registry` the gauges prom-client's default metrics name `*_total` (totals of the
 * per-type gauges it also exports), which Prometheus's own linter rejects: only counters end in
 * `_total`. Returns the names removed.
 *
 * @internal
 */
export function removeMisnamedGauges(registry: Registry, prefixes: readonly string[]): string[] {
  const removed: string[] = [];
  for (const prefix of new Set(prefixes)) {
    for (const kind of ['handles', 'requests', 'resources']) {
      const name = `${prefix}nodejs_active_${kind}_total`;
      const metric = registry.getSingleMetric(name);
      if (metric === undefined || !(metric instanceof Gauge)) continue;
      registry.removeSingleMetric(name);
      removed.push(name);
    }
  }
  return removed;
}
