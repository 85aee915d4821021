import type { Tracer, TracerProvider } from '@opentelemetry/api';
import { ProxyTracerProvider, trace } from '@opentelemetry/api';

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

/** The API's no-op provider: what a global proxy without a registered SDK delegates to. */
const NO_SDK = new ProxyTracerProvider().getDelegate();

/**
 * Whether no tracing SDK is registered: the global provider is the API's proxy and still
 * delegates to its no-op provider, so every span started now would be a no-op. Read through the
 * API's public `ProxyTracerProvider.getDelegate()`; a provider this copy of the API does not know
 * (another copy's proxy, a provider set directly) counts as registered.
 *
 * @internal
 */
export function noTracingSdk(): boolean {
  const current = trace.getTracerProvider();
  return current instanceof ProxyTracerProvider && current.getDelegate() === NO_SDK;
}
