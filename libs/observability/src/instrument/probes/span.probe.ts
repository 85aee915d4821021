import type { Attributes, Exception, SpanKind, SpanOptions } from '@opentelemetry/api';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { ATTR_EXCEPTION_TYPE } from '@opentelemetry/semantic-conventions';
import type { CallProbe } from '../call';
import type { CallRecord } from '../call';
import { reportInstrumentationFailure } from '../failure-reporter';
import type { InstrumentedCall, PrimitiveAttribute } from '../call';
import { instrumentedCall } from '../call';
import { currentTracer } from '../tracer';

/** Whether an error ends a span with status ERROR (by default every error does). @internal */
export type FailurePredicate = (error: unknown) => boolean;

/** An attribute computed from a call when it starts. @internal */
export type AttributeFunction = (call: InstrumentedCall) => PrimitiveAttribute | undefined;

const MAX_ATTRIBUTE_LENGTH = 1024;

/**
 * Cuts string attribute values (and strings in arrays) to 1024 characters.
 *
 * @internal
 */
export function boundAttribute(value: PrimitiveAttribute): PrimitiveAttribute {
  if (typeof value === 'string') return value.slice(0, MAX_ATTRIBUTE_LENGTH);
  if (Array.isArray(value)) {
    return value.map((v: string | number | boolean) =>
      typeof v === 'string' ? v.slice(0, MAX_ATTRIBUTE_LENGTH) : v,
    );
  }
  return value;
}

/**
 * `@Traced`'s probe: one span per call, a child of the caller's active span, active while the
 * work runs, with status ERROR and an exception event when the call fails. An error that is not a
 * failure of the span (`isFailure`, e.g. a client error on a Nest span) leaves the status unset
 * and records only the exception's type.
 *
 * @internal
 */
export class SpanProbe implements CallProbe {
  readonly kind = 'span';
  private readonly staticOptions: SpanOptions;

  constructor(
    private readonly spanName: string,
    spanKind: SpanKind,
    private readonly staticAttributes: Attributes,
    private readonly computed: readonly (readonly [string, AttributeFunction])[],
    private readonly site: string,
    private readonly isFailure: FailurePredicate = () => true,
  ) {
    this.staticOptions = { kind: spanKind };
  }

  /**
   * Starts the span without attributes, then sets them only when it records: OpenTelemetry's
   * tracer validates attributes given to `startSpan` twice (before and after sampling) and even
   * for a span it will not record, while a child span's sampling never reads them (it follows
   * its parent). Measured in docs/benchmarks.md.
   */
  enter(call: CallRecord): void {
    const span = currentTracer().startSpan(this.spanName, this.staticOptions, call.parentContext);
    if (span.isRecording()) {
      span.setAttributes(
        this.computed.length === 0 ? this.staticAttributes : this.attributesFor(call),
      );
    }
    call.span = span;
    call.context = trace.setSpan(call.parentContext, span);
  }

  exit(call: CallRecord): void {
    const span = call.span;
    if (span === undefined) return;
    try {
      if (call.outcome === 'error') {
        if (this.isFailure(call.error)) {
          span.recordException(asException(call.error));
          span.setStatus({ code: SpanStatusCode.ERROR, message: messageOf(call.error) });
        } else {
          // A caller's mistake (a 4xx): its type says what happened; its message often quotes
          // the caller's input (a query value, a body field), which spans must not carry.
          span.addEvent('exception', { [ATTR_EXCEPTION_TYPE]: typeOf(call.error) });
        }
      } else if (call.outcome === 'cancelled') {
        span.addEvent('cancelled');
      }
    } finally {
      span.end();
    }
  }

  private attributesFor(call: CallRecord): Attributes {
    const attributes: Attributes = { ...this.staticAttributes };
    const view = instrumentedCall(call, false);
    for (const [key, fn] of this.computed) {
      try {
        const value = fn(view);
        if (value !== undefined && value !== null) attributes[key] = boundAttribute(value);
      } catch (error) {
        reportInstrumentationFailure(this.site, 'attribute-function', error);
      }
    }
    return attributes;
  }
}

function asException(error: unknown): Exception {
  if (error instanceof Error) return error;
  return { name: typeof error, message: messageOf(error) };
}

function typeOf(error: unknown): string {
  return error instanceof Error ? error.name || error.constructor.name : typeof error;
}

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.slice(0, MAX_ATTRIBUTE_LENGTH);
}
