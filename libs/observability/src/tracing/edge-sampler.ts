import type { Context } from '@opentelemetry/api';
import { isSpanContextValid, trace, TraceFlags } from '@opentelemetry/api';
import type { Sampler, SamplingResult } from '@opentelemetry/sdk-trace';
import { SamplingDecision, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace';
import type { SamplerName } from './tracing-settings';

const RECORD: SamplingResult = { decision: SamplingDecision.RECORD_AND_SAMPLED };
const DROP: SamplingResult = { decision: SamplingDecision.NOT_RECORD };

/**
 * The sampler at the service's edge. Every span continues its parent's trace (same trace id, the
 * caller's span as parent). Whether a span is sampled:
 * - a root span, and a span whose parent came from another process while incoming sampling is
 *   not trusted: our own ratio decides, by trace id, so every service of one trace that applies
 *   the same ratio decides alike and a caller cannot force (or suppress) sampling here;
 * - a span under a local parent, or under a remote parent we trust: the parent's sampled flag
 *   (`parentbased_*` samplers; the plain `always_on`, `always_off` and `traceidratio` samplers
 *   ignore parents, as the specification defines them).
 *
 * The ratio and the trust can be changed at runtime (`ObservabilityModule` options win over the
 * environment the preload read).
 *
 * @internal
 */
export class EdgeSampler implements Sampler {
  private ratioSampler: TraceIdRatioBasedSampler;
  private readonly parentBased: boolean;
  private ratio: number;

  constructor(
    private readonly name: SamplerName,
    ratio: number,
    private trustIncoming = false,
  ) {
    this.parentBased = name.startsWith('parentbased_');
    this.ratio = rootRatio(name, ratio);
    this.ratioSampler = new TraceIdRatioBasedSampler(this.ratio);
  }

  /** Changes the root ratio (0..1) and whether an incoming sampled flag is obeyed. */
  configure(ratio: number | undefined, trustIncoming: boolean): void {
    if (ratio !== undefined && ratio !== this.ratio) {
      this.ratio = ratio;
      this.ratioSampler = new TraceIdRatioBasedSampler(ratio);
    }
    this.trustIncoming = trustIncoming;
  }

  shouldSample(parentContext: Context, traceId: string): SamplingResult {
    const parent = trace.getSpanContext(parentContext);
    const followsParent =
      this.parentBased &&
      parent !== undefined &&
      isSpanContextValid(parent) &&
      (parent.isRemote !== true || this.trustIncoming);
    if (followsParent) return (parent.traceFlags & TraceFlags.SAMPLED) !== 0 ? RECORD : DROP;
    if (this.ratio >= 1) return RECORD;
    if (this.ratio <= 0) return DROP;
    return this.ratioSampler.shouldSample(parentContext, traceId);
  }

  toString(): string {
    const parents = !this.parentBased
      ? 'parents ignored'
      : this.trustIncoming
        ? 'incoming sampled flag obeyed'
        : 'incoming sampled flag not trusted: our ratio decides';
    return `${this.name}, root ratio ${this.ratio}, ${parents}`;
  }
}

function rootRatio(name: SamplerName, ratio: number): number {
  if (name.endsWith('always_on')) return 1;
  if (name.endsWith('always_off')) return 0;
  return ratio;
}
