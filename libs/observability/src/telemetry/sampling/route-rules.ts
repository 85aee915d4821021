import type { SamplingRule } from '../../options/observability-options.interface';

/** A sampling rule with its route template compiled to a regular expression. @internal */
export interface CompiledRule {
  readonly route: string;
  readonly pattern: RegExp;
  readonly ratio: number;
}

/**
 * Compiles route templates the way Nest writes them: `:name` matches one path segment, `*` (or
 * `*name`) the rest of the path; everything else matches itself, and a trailing slash is
 * optional.
 *
 * @internal
 */
export function compileRules(rules: readonly SamplingRule[]): CompiledRule[] {
  return rules.map((rule) => {
    const body = rule.route
      .replace(/\/+$/, '')
      .split('/')
      .map((segment) => {
        if (segment.startsWith(':')) return '[^/]+';
        if (segment.startsWith('*')) return '.*';
        return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    return { route: rule.route, pattern: new RegExp(`^${body}/?$`), ratio: rule.ratio };
  });
}

/** The first rule whose route matches `path` (without its query), if any. @internal */
export function matchRule(rules: readonly CompiledRule[], path: string): CompiledRule | undefined {
  for (const rule of rules) if (rule.pattern.test(path)) return rule;
  return undefined;
}
