import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { startTracing } from './start-tracing';
import { tracingSettingsFromEnv } from './tracing-settings';

/**
 * What the preload does in the main thread: registers the import-in-the-middle hook (Nest 12 loads
 * express from an ES module, which require hooks never see), then starts tracing from the
 * environment. An invalid `OTEL_*` variable stops the process with a message naming it and its
 * fix: the service does not start half-traced.
 *
 * @param entry the preload's own file, from which the hook's package is resolved
 * @internal
 */
export function startPreload(entry: string): void {
  try {
    const settings = tracingSettingsFromEnv();
    if (settings.disabled) return;
    register('@opentelemetry/instrumentation/hook.mjs', pathToFileURL(entry));
    startTracing(settings);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
