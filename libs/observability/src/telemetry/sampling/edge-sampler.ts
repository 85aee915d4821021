import type { Attributes, Context, Link, SpanKind } from '@opentelemetry/api';
import type { Sampler, SamplingResult } from '@opentelemetry/sdk-trace';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  SamplingDecision,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace';
import type { SamplerName } from '../../environment/telemetry-environment';
import { RUNTIME_MESSAGES } from '../../messages/runtime.messages';
import type { SamplingSettings } from '../preload-handoff';
import type { CompiledRule, CompiledRules } from './sampling-rules';
import { compileRules, matchRule } from './sampling-rules';

const DROP: SamplingResult = { decision: SamplingDecision.NOT_RECORD };

/** A ratio sampler that skips the trace-id arithmetic at 0 and 1. */
function ratioSampler(ratio: number): Sampler {
  if (ratio >= 1) return new AlwaysOnSampler();
  if (ratio <= 0) return new AlwaysOffSampler();
  return new TraceIdRatioBasedSampler(ratio);
}

/**
 * Decides by the first sampling rule that selects the span (its route, or its transport and
 * operation: see `matchRule`), else by `fallback`. With `neverOnly`, only the rules with ratio 0
 * ("never sample") decide, so that they also apply where a trusted caller's flag otherwise does.
 */
class RuleSampler implements Sampler {
  private readonly samplers: Map<CompiledRule, Sampler>;

  constructor(
    private readonly rules: CompiledRules,
    private readonly fallback: Sampler,
    neverOnly = false,
  ) {
    this.samplers = new Map(
      rules.all.filter((r) => !neverOnly || r.ratio === 0).map((r) => [r, ratioSampler(r.ratio)]),
    );
  }

  shouldSample(
    context: Context,
    traceId: string,
    name: string,
    kind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    const rule = this.rules.all.length === 0 ? undefined : matchRule(this.rules, kind, attributes);
    const sampler = (rule && this.samplers.get(rule)) ?? this.fallback;
    return sampler.shouldSample(context, traceId, name, kind, attributes, links);
  }

  toString(): string {
    return `RuleSampler{${this.rules.all.map((r) => `${RUNTIME_MESSAGES.samplingRule(r)}=${r.ratio}`).join(',')}}`;
  }
}

/**
 * The sampler at the service's edge, on OpenTelemetry's `ParentBasedSampler`:
 * - a span under a local parent follows the parent's decision;
 * - a span that starts a trace here (a root) is decided by the first matching sampling rule (by
 *   route for a request, by transport and operation for a handler's call, a consumed message, a
 *   job attempt, a task run or a listener call), else by the root ratio, by trace id (every
 *   service applying the same ratio decides alike);
 * - a span continuing a caller's trace is decided the same way unless incoming sampling is
 *   trusted, in which case the caller's sampled flag decides (a never-sample rule still drops);
 * - `always_on`, `always_off` and `traceidratio` ignore parents, as the specification defines
 *   them.
 *
 * It starts from the environment (`OTEL_TRACES_SAMPLER`, `_ARG`) and applies the module's
 * settings once they are delivered (`apply`).
 *
 * @internal
 */
export class EdgeSampler implements Sampler {
  private delegate: Sampler;
  private description: string;

  constructor(
    private readonly name: SamplerName,
    private readonly environmentRatio: number,
  ) {
    this.delegate = DROP_UNTIL_BUILT;
    this.description = '';
    this.apply({ ratio: undefined, trustIncoming: false, rules: [] });
  }

  /** Builds the decision from `settings` (the module's), over the environment's sampler. */
  apply(settings: SamplingSettings): void {
    const ratio = this.rootRatio(settings.ratio);
    const rules = compileRules(settings.rules);
    const root = new RuleSampler(rules, ratioSampler(ratio));
    const parentBased = this.name.startsWith('parentbased_');
    this.delegate = parentBased
      ? new ParentBasedSampler({
          root,
          remoteParentSampled: settings.trustIncoming
            ? new RuleSampler(rules, new AlwaysOnSampler(), true)
            : root,
          remoteParentNotSampled: settings.trustIncoming ? new AlwaysOffSampler() : root,
        })
      : root;
    this.description = RUNTIME_MESSAGES.sampler(
      this.name,
      ratio,
      rules.all,
      !parentBased ? 'ignored' : settings.trustIncoming ? 'obeyed' : 'not-trusted',
    );
  }

  shouldSample(
    context: Context,
    traceId: string,
    name: string,
    kind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    return this.delegate.shouldSample(context, traceId, name, kind, attributes, links);
  }

  toString(): string {
    return this.description;
  }

  private rootRatio(moduleRatio: number | undefined): number {
    if (this.name.endsWith('always_on')) return moduleRatio ?? 1;
    if (this.name.endsWith('always_off')) return moduleRatio ?? 0;
    return moduleRatio ?? this.environmentRatio;
  }
}

const DROP_UNTIL_BUILT: Sampler = { shouldSample: () => DROP, toString: () => 'none' };
