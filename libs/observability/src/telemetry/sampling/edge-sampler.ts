import type { Attributes, Context, Link, SpanKind } from '@opentelemetry/api';
import type { Sampler, SamplingResult } from '@opentelemetry/sdk-trace';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  SamplingDecision,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace';
import { ATTR_URL_PATH } from '@opentelemetry/semantic-conventions';
import type { SamplerName } from '../../environment/telemetry-environment';
import { RUNTIME_MESSAGES } from '../../messages/runtime.messages';
import type { SamplingSettings } from '../preload-handoff';
import type { CompiledRule } from './route-rules';
import { compileRules, matchRule } from './route-rules';

const DROP: SamplingResult = { decision: SamplingDecision.NOT_RECORD };

/** A ratio sampler that skips the trace-id arithmetic at 0 and 1. */
function ratioSampler(ratio: number): Sampler {
  if (ratio >= 1) return new AlwaysOnSampler();
  if (ratio <= 0) return new AlwaysOffSampler();
  return new TraceIdRatioBasedSampler(ratio);
}

/**
 * Decides by the first sampling rule whose route matches the span's `url.path`, else by
 * `fallback`. Rules with ratio 0 ("never sample") are kept in `never` too, so that they also apply
 * where a trusted caller's flag otherwise decides.
 */
class RuleSampler implements Sampler {
  private readonly samplers: Map<CompiledRule, Sampler>;

  constructor(
    private readonly rules: readonly CompiledRule[],
    private readonly fallback: Sampler,
    neverOnly = false,
  ) {
    this.samplers = new Map(
      rules.filter((r) => !neverOnly || r.ratio === 0).map((r) => [r, ratioSampler(r.ratio)]),
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
    const path = attributes[ATTR_URL_PATH];
    const rule = typeof path === 'string' ? matchRule(this.rules, path) : undefined;
    const sampler = (rule && this.samplers.get(rule)) ?? this.fallback;
    return sampler.shouldSample(context, traceId, name, kind, attributes, links);
  }

  toString(): string {
    return `RuleSampler{${this.rules.map((r) => `${r.route}=${r.ratio}`).join(',')}}`;
  }
}

/**
 * The sampler at the service's edge, on OpenTelemetry's `ParentBasedSampler`:
 * - a span under a local parent follows the parent's decision;
 * - a span that starts a trace here (a root) is decided by the first matching sampling rule, else
 *   by the root ratio, by trace id (every service applying the same ratio decides alike);
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
      rules,
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
