import type { Span } from '@opentelemetry/api';
import { SpanStatusCode } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import type { CallOutcome } from '../instrument/call';
import { errorTypeOf } from '../instrument/probes/method-series';

/**
 * Ends a message's span with how its work ended: a failure sets status ERROR and `error.type`
 * (the error's class, `_OTHER` for a plain object such as Nest's serialised RPC error; never its
 * message, which may quote the payload); a stream dropped first adds a `cancelled` event.
 *
 * @internal
 */
export function endMessageSpan(span: Span, outcome: CallOutcome, error: unknown): void {
  if (outcome === 'error') {
    const type = errorTypeOf(error);
    span.setAttribute(ATTR_ERROR_TYPE, type === 'Object' ? '_OTHER' : type);
    span.setStatus({ code: SpanStatusCode.ERROR });
  } else if (outcome === 'cancelled') {
    span.addEvent('cancelled');
  }
  span.end();
}
