/**
 * The tracing preload. Run the service with it so that OpenTelemetry starts before Nest,
 * express, pg and ioredis are loaded:
 *
 *   node --require ./dist/.../libs/observability/src/tracing/instrumentation.js dist/.../main.js
 *
 * (`--import` works too). It registers the import-in-the-middle hook first, because Nest 12 loads
 * express from an ES module, which require hooks never see; then it starts tracing from
 * OpenTelemetry's standard environment variables (`OTEL_SERVICE_NAME`,
 * `OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_TRACES_SAMPLER`, `OTEL_SDK_DISABLED`, ...).
 * `ObservabilityModule` then logs one line saying what started and what was patched.
 *
 * @module
 */
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isMainThread } from 'node:worker_threads';
import { startTracing } from './start-tracing';
import { tracingSettingsFromEnv } from './tracing-settings';

function start(): void {
  const settings = tracingSettingsFromEnv();
  if (settings.disabled) return;
  register('@opentelemetry/instrumentation/hook.mjs', pathToFileURL(__filename));
  startTracing(settings);
}

// Preloads also run in Node's loader-hooks thread (and in worker threads): tracing belongs to
// the main thread only, and a second hook registration there would be refused.
try {
  if (isMainThread) start();
} catch (error) {
  // An invalid OTEL_* variable names itself and its fix; the service does not start half-traced.
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
