import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { readTelemetryEnvironment } from '../environment/telemetry-environment';
import { logFatalErrorsAsJson } from '../logging/fatal-errors';
import { logProcessWarningsAsJson } from '../logging/process-warnings';
import { publishPreloadOffer } from './preload-handoff';
import { TelemetrySdk } from './telemetry-sdk';

/**
 * What the preload does in the main thread: makes an uncaught exception and a process warning
 * JSON lines, reads OpenTelemetry's environment variables (each unusable value is one warning
 * and the default), registers the import-in-the-middle hook (Nest
 * 12 loads express from an ES module, which require hooks never see), starts the SDK and offers it
 * to the module. With `OTEL_SDK_DISABLED=true` it does nothing.
 *
 * @param entry the preload's own file, from which the hook's package is resolved
 * @internal
 */
export function startPreload(entry: string): void {
  logFatalErrorsAsJson();
  logProcessWarningsAsJson();
  const { settings, warnings } = readTelemetryEnvironment();
  if (settings.disabled) return;
  register('@opentelemetry/instrumentation/hook.mjs', pathToFileURL(entry));
  publishPreloadOffer(new TelemetrySdk(settings, warnings).start());
}
