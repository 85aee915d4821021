import type { TextMapPropagator } from '@opentelemetry/api';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import { B3InjectEncoding, B3Propagator } from '@opentelemetry/propagator-b3';
import type { PropagatorName } from '../environment/telemetry-environment';

const PROPAGATORS: Record<PropagatorName, () => TextMapPropagator> = {
  tracecontext: () => new W3CTraceContextPropagator(),
  baggage: () => new W3CBaggagePropagator(),
  b3: () => new B3Propagator({ injectEncoding: B3InjectEncoding.SINGLE_HEADER }),
  b3multi: () => new B3Propagator({ injectEncoding: B3InjectEncoding.MULTI_HEADER }),
};

/**
 * The propagators `OTEL_PROPAGATORS` names, in order, as one composite: W3C trace context and
 * baggage by default, B3 (single or multiple headers) for Zipkin-era callers. `null` for an empty
 * list (`none`): no context crosses the process boundary.
 *
 * @internal
 */
export function telemetryPropagator(names: readonly PropagatorName[]): TextMapPropagator | null {
  if (names.length === 0) return null;
  return new CompositePropagator({ propagators: names.map((name) => PROPAGATORS[name]()) });
}
