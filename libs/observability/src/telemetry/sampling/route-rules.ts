import { compileRouteTemplate } from '../../naming/route-templates';
import type { SamplingRule } from '../../options/observability-options.interface';

/** A sampling rule with its route template compiled to a regular expression. @internal */
export interface CompiledRule {
  readonly route: string;
  readonly pattern: RegExp;
  readonly ratio: number;
}

/**
 * Compiles each rule's route template (see `compileRouteTemplate`).
 *
 * @internal
 */
export function compileRules(rules: readonly SamplingRule[]): CompiledRule[] {
  return rules.map((rule) => ({
    route: rule.route,
    pattern: compileRouteTemplate(rule.route),
    ratio: rule.ratio,
  }));
}

/** The first rule whose route matches `path` (without its query), if any. @internal */
export function matchRule(rules: readonly CompiledRule[], path: string): CompiledRule | undefined {
  for (const rule of rules) if (rule.pattern.test(path)) return rule;
  return undefined;
}
