import { compileRouteTemplate } from '../../naming/route-templates';
import type { RouteSamplingRule } from '../../options/observability-options.interface';

/** A route sampling rule with its template compiled to a regular expression. @internal */
export interface CompiledRouteRule {
  readonly route: string;
  readonly pattern: RegExp;
  readonly ratio: number;
}

/**
 * Compiles a rule's route template (see `compileRouteTemplate`).
 *
 * @internal
 */
export function compileRouteRule(rule: RouteSamplingRule): CompiledRouteRule {
  return { route: rule.route, pattern: compileRouteTemplate(rule.route), ratio: rule.ratio };
}

/** The first rule whose route matches `path` (without its query), if any. @internal */
export function matchRouteRule<R extends CompiledRouteRule>(
  rules: readonly R[],
  path: string,
): R | undefined {
  for (const rule of rules) if (rule.pattern.test(path)) return rule;
  return undefined;
}
