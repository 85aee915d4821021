import { performance } from 'node:perf_hooks';
import type { Registry } from 'prom-client';
import { collectDefaultMetrics, Gauge } from 'prom-client';

/** Name of the event-loop utilisation gauge, after the prefix. @internal */
export const EVENT_LOOP_UTILIZATION = 'nodejs_eventloop_utilization_ratio';

/**
 * Registers the saturation signals of the Node process in `registry`, once per registry and
 * prefix: prom-client's process and runtime metrics (CPU, resident and heap memory, event-loop
 * lag percentiles, GC durations, active handles, requests and resources by type) and the
 * event-loop utilisation
 * (share of time the loop was busy between two scrapes), which lag alone does not show.
 *
 * @internal
 */
export function registerRuntimeMetrics(registry: Registry, prefix: string): void {
  if (registry.getSingleMetric(`${prefix}process_cpu_user_seconds_total`) !== undefined) return;
  collectDefaultMetrics({ register: registry, prefix });
  // prom-client also exports gauges named *_total (totals of the per-type gauges kept here),
  // which Prometheus's own linter rejects: only counters end in _total.
  for (const kind of ['handles', 'requests', 'resources']) {
    registry.removeSingleMetric(`${prefix}nodejs_active_${kind}_total`);
  }
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
