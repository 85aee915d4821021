/**
 * `nestjs-observability/register`: the tracing preload. Start the service with it, so that
 * OpenTelemetry starts before Nest, express, fastify, pg and ioredis are loaded:
 *
 *   node --import nestjs-observability/register dist/main.js
 *   node --require nestjs-observability/register dist/main.js
 *
 * It reads OpenTelemetry's standard environment variables (`OTEL_SERVICE_NAME`,
 * `OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_TRACES_SAMPLER`, `OTEL_SDK_DISABLED`, ...), and
 * `ObservabilityModule` logs one line at startup saying what started and what was patched.
 *
 * Node also runs a preload in its module-loader hooks thread (with `--require` on Node 22) and in
 * every worker thread: there it does nothing and loads nothing, because tracing belongs to the main
 * thread and the loader thread cannot `require()` an ES module such as Nest 12's.
 *
 * @module
 */
import { isMainThread } from 'node:worker_threads';
import type { startPreload } from '../telemetry/preload';

if (isMainThread) {
  // Loaded here, not imported at the top: nothing beyond node's own modules is loaded outside the
  // main thread.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const preload = require('../telemetry/preload') as { startPreload: typeof startPreload };
  preload.startPreload(__filename);
}
