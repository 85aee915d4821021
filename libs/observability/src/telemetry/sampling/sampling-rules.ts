import type { Attributes, SpanKind } from '@opentelemetry/api';
import { ATTR_URL_PATH } from '@opentelemetry/semantic-conventions';
import type {
  RouteSamplingRule,
  SamplingRule,
} from '../../options/observability-options.interface';
import { handledWork } from './handled-work';
import type { CompiledRouteRule } from './route-rules';
import { compileRouteRule, matchRouteRule } from './route-rules';
import type { CompiledTransportRule } from './transport-rules';
import { compileTransportRule, matchTransportRule } from './transport-rules';

/** A compiled sampling rule, of either kind. @internal */
export type CompiledRule = CompiledRouteRule | CompiledTransportRule;

/**
 * The rules, compiled, in their order, and split by kind: a span is either an incoming request
 * (`url.path`) or a transport's work, never both, so the first match in its kind's list is the
 * first match in the whole list.
 *
 * @internal
 */
export interface CompiledRules {
  readonly all: readonly CompiledRule[];
  readonly routes: readonly CompiledRouteRule[];
  readonly transports: readonly CompiledTransportRule[];
}

const isRouteRule = (rule: SamplingRule): rule is RouteSamplingRule =>
  typeof rule.route === 'string';

/** Compiles the rules of `tracing.rules` (validated at startup). @internal */
export function compileRules(rules: readonly SamplingRule[]): CompiledRules {
  const all = rules.map((rule) =>
    isRouteRule(rule) ? compileRouteRule(rule) : compileTransportRule(rule),
  );
  return {
    all,
    routes: all.filter((rule): rule is CompiledRouteRule => 'route' in rule),
    transports: all.filter((rule): rule is CompiledTransportRule => 'transport' in rule),
  };
}

/**
 * The first rule that selects a span about to start, from its kind and start attributes: by
 * `url.path` for an incoming request, by transport and operation for a transport's work (see
 * `handledWork`); `undefined` for any other span, or when no rule matches.
 *
 * @internal
 */
export function matchRule(
  rules: CompiledRules,
  kind: SpanKind,
  attributes: Attributes,
): CompiledRule | undefined {
  const path = attributes[ATTR_URL_PATH];
  if (typeof path === 'string') return matchRouteRule(rules.routes, path);
  if (rules.transports.length === 0) return undefined;
  const work = handledWork(kind, attributes);
  return work === undefined ? undefined : matchTransportRule(rules.transports, work);
}
