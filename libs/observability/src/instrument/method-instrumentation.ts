import { context, trace } from '@opentelemetry/api';
import { MESSAGES } from '../messages/messages';
import { ObservabilityDefinitionError } from '../errors/observability-definition.error';
import type { Context } from '@opentelemetry/api';
import type { CallProbe, ProbeKind } from './call';
import type { CallOutcome, CallSite } from './call';
import { CallRecord } from './call';
import { reportInstrumentationFailure } from './failure-reporter';
import { noTracingSdk } from './tracer';

const ENTER_STAGE = { span: 'start-span', duration: 'start-call', count: 'start-call' } as const;
const EXIT_STAGE = {
  span: 'end-span',
  duration: 'record-duration',
  count: 'record-count',
} as const;

/**
 * The probes of one instrumented method, and the two moments of every call: `begin` when the
 * work starts and `end` when it has ended. Stacked decorators add their probes to one
 * instance, so a method has one wrapper and one clock whatever the number of decorators.
 *
 * @internal
 */
export class MethodInstrumentation {
  private probes: CallProbe[] = [];
  private clocked = false;

  /**
   * @param site where the method is declared.
   * @param onlyUnderRecordingSpan when true, a call made while a span that does not record is
   * active (an unsampled request) is not instrumented at all: no span, no context, no clock. Its
   * spans would not be recorded either (children follow their parent's sampling), so they are
   * not worth their cost. For the Nest-level spans; a call with no active span is instrumented
   * unless no tracing SDK is registered at all (its spans would be no-ops: only their cost, about
   * 10 µs a request in `bench/http-throughput.bench.ts`'s `metrics` variant, would remain).
   */
  constructor(
    readonly site: CallSite,
    private readonly onlyUnderRecordingSpan = false,
  ) {}

  /** Whether a call made in `parent` is left alone (`onlyUnderRecordingSpan`). */
  skips(parent: Context): boolean {
    if (!this.onlyUnderRecordingSpan) return false;
    const span = trace.getSpan(parent);
    // No active span: traced when a tracing SDK is registered (tracing without the preload).
    return span === undefined ? noTracingSdk() : !span.isRecording();
  }

  /** Whether a probe of `kind` is already attached. */
  has(kind: ProbeKind): boolean {
    return this.probes.some((p) => p.kind === kind);
  }

  /** Attaches a probe; the span probe goes first so that the others see its context. */
  add(probe: CallProbe): void {
    if (probe.kind === 'span' && this.has('span')) {
      throw new ObservabilityDefinitionError(
        'OBS_ERR_INVALID_DECORATOR',
        MESSAGES.alreadyTraced(this.site.qualifiedName),
      );
    }
    this.probes = probe.kind === 'span' ? [probe, ...this.probes] : [...this.probes, probe];
    this.clocked = this.probes.some((p) => p.kind === 'duration' || p.clocked === true);
  }

  /** Starts measuring one call whose parent is `parent` (by default the active context). */
  begin(thisArg: unknown, args: ArrayLike<unknown>, parent = context.active()): CallRecord {
    const call = new CallRecord(this.site, thisArg, args, parent);
    const probes = this.probes;
    for (let i = 0; i < probes.length; i++) {
      const probe = probes[i] as CallProbe;
      try {
        probe.enter(call);
      } catch (error) {
        reportInstrumentationFailure(this.site.qualifiedName, ENTER_STAGE[probe.kind], error);
      }
    }
    if (this.clocked) call.startMs = performance.now();
    return call;
  }

  /** Restarts the clock of a call whose work starts later than the call (a subscription). */
  restartClock(call: CallRecord): void {
    if (this.clocked) call.startMs = performance.now();
  }

  /** Ends `call` once: later calls for the same record are ignored. Never throws. */
  end(call: CallRecord, outcome: CallOutcome, value: unknown): void {
    if (call.ended) return;
    call.ended = true;
    if (this.clocked) call.endMs = performance.now();
    call.outcome = outcome;
    if (outcome === 'error') call.error = value;
    else call.result = value;
    const probes = this.probes;
    for (let i = probes.length - 1; i >= 0; i--) {
      const probe = probes[i] as CallProbe;
      try {
        probe.exit(call);
      } catch (error) {
        reportInstrumentationFailure(this.site.qualifiedName, EXIT_STAGE[probe.kind], error);
      }
    }
  }
}
