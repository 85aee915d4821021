import type { IMetricReader, ViewOptions } from '@opentelemetry/sdk-metrics';
import {
  AggregationType,
  ConsoleMetricExporter,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import type { TelemetryEnvironment } from '../environment/telemetry-environment';
import { metricCatalog } from '../metrics/metric-catalog';
import { PrometheusRegistryProducer } from '../metrics/otlp-metric-producer';
import { otlpMetricExporter } from './exporters';

/**
 * The metric readers `OTEL_METRICS_EXPORTER` asks for, besides `/metrics` (`prometheus`, served by
 * the module): `otlp` pushes every `OTEL_METRIC_EXPORT_INTERVAL` to the collector, `console` prints
 * (debugging only). Both read the prom-client registry `/metrics` renders, so what is pushed is
 * what is scraped; the views drop OpenTelemetry's own instruments (the http instrumentation's),
 * which `/metrics` does not have either.
 *
 * @internal
 */
export function metricReaders(settings: TelemetryEnvironment): {
  readers: IMetricReader[];
  views: ViewOptions[];
} {
  const { metrics } = settings;
  const producer = new PrometheusRegistryProducer(() => metricCatalog.currentRegistry);
  const readers: IMetricReader[] = [];
  for (const kind of metrics.exporters) {
    if (kind === 'prometheus') continue;
    readers.push(
      new PeriodicExportingMetricReader({
        exporter: kind === 'otlp' ? otlpMetricExporter(metrics) : new ConsoleMetricExporter(),
        exportIntervalMillis: metrics.intervalMs,
        exportTimeoutMillis: Math.min(metrics.timeoutMs, metrics.intervalMs),
        metricProducers: [producer],
      }),
    );
  }
  return {
    readers,
    views: [{ instrumentName: '*', aggregation: { type: AggregationType.DROP } }],
  };
}
