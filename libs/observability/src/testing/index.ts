/**
 * `nestjs-observability/testing`: the test kit for users' own tests. It loads the SDK's metric
 * registry and OpenTelemetry's in-memory span exporter only: no Nest module, no Terminus, no
 * database or cache client.
 *
 * @module
 */
export { ObservabilityTestKit } from './observability-test-kit';
export type { HistogramReading } from './metric-reader';
export type { ExpositionFormat } from '../metrics/exposition';
