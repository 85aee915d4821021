import type { Tracer, TracerProvider } from '@opentelemetry/api';
import { trace } from '@opentelemetry/api';

/** Instrumentation scope of the SDK's own spans. @internal */
export const TRACER_NAME = '@app/observability';

let provider: TracerProvider | undefined;
let tracer: Tracer | undefined;

/**
 * The SDK's tracer from the current global tracer provider. Resolved again only when the global
 * provider is replaced (`trace.disable()` then a new registration, as test kits do), so the
 * common path is one identity check.
 *
 * @internal
 */
export function currentTracer(): Tracer {
  const current = trace.getTracerProvider();
  if (current !== provider || tracer === undefined) {
    provider = current;
    tracer = current.getTracer(TRACER_NAME);
  }
  return tracer;
}
