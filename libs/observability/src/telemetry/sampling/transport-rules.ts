import type { TransportSamplingRule } from '../../options/observability-options.interface';
import type { HandledWork } from './handled-work';
import { compileOperationGlob } from './operation-glob';

/** A transport sampling rule with its operation pattern compiled. @internal */
export interface CompiledTransportRule {
  readonly transport: string;
  readonly operation: string | undefined;
  readonly matches: (operation: string) => boolean;
  readonly ratio: number;
}

/**
 * Compiles a rule's operation pattern (see `compileOperationGlob`); without one, the rule matches
 * every operation of its transport.
 *
 * @internal
 */
export function compileTransportRule(rule: TransportSamplingRule): CompiledTransportRule {
  const operation = rule.operation;
  return {
    transport: rule.transport,
    operation,
    matches: operation === undefined ? () => true : compileOperationGlob(operation),
    ratio: rule.ratio,
  };
}

/**
 * The first rule of `work`'s transport whose operation matches, if any. A rule that names an
 * operation never matches work that started without one.
 *
 * @internal
 */
export function matchTransportRule<R extends CompiledTransportRule>(
  rules: readonly R[],
  work: HandledWork,
): R | undefined {
  for (const rule of rules) {
    if (rule.transport !== work.transport) continue;
    if (rule.operation === undefined) return rule;
    if (work.operation !== undefined && rule.matches(work.operation)) return rule;
  }
  return undefined;
}
