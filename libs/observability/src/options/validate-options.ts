import type { OptionProblem } from '../errors/observability-config.error';
import { ObservabilityConfigError } from '../errors/observability-config.error';
import { OPTION_PROBLEMS } from '../messages/option.messages';
import { validateSlos } from '../slo/validate-slos';
import { OPTION_RULES } from './option-rules';

/**
 * The nested option groups and the fields each accepts, derived from the rules: anything else is
 * reported as unknown (a typo such as `sampleRate` must not be silently ignored).
 */
const OPTION_GROUPS = new Map<string, string[]>();
for (const { option } of OPTION_RULES) {
  const [group, field] = option.split('.');
  if (group !== undefined && field !== undefined) {
    OPTION_GROUPS.set(group, [...(OPTION_GROUPS.get(group) ?? []), field]);
  }
}

/** `slos` is an array of objects, validated by `validateSlos` rather than by a rule. */
const TOP_LEVEL_KEYS = new Set([
  ...OPTION_RULES.map((r) => r.option.split('.')[0] as string),
  'slos',
]);

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function readPath(root: Record<string, unknown>, path: string): unknown {
  const [group, field] = path.split('.') as [string, string | undefined];
  if (field === undefined) return root[group];
  const nested = root[group];
  return isPlainObject(nested) ? nested[field] : undefined;
}

function unknownKeyProblems(root: Record<string, unknown>): OptionProblem[] {
  const problems: OptionProblem[] = [];
  for (const key of Object.keys(root)) {
    if (!TOP_LEVEL_KEYS.has(key)) {
      problems.push(unknownKey(key, root[key], [...TOP_LEVEL_KEYS]));
    }
  }
  for (const [group, fields] of OPTION_GROUPS) {
    const nested = root[group];
    if (nested === undefined) continue;
    if (!isPlainObject(nested)) {
      problems.push({ option: group, value: nested, ...OPTION_PROBLEMS.notAGroup(group, fields) });
      continue;
    }
    for (const key of Object.keys(nested)) {
      if (!fields.includes(key)) problems.push(unknownKey(`${group}.${key}`, nested[key], fields));
    }
  }
  return problems;
}

function unknownKey(option: string, value: unknown, known: readonly string[]): OptionProblem {
  return { option, value, ...OPTION_PROBLEMS.unknownOption(known) };
}

/**
 * Checks raw `ObservabilityModule` options and throws one `ObservabilityConfigError` listing every
 * problem (unknown keys included). Returns nothing when the options are valid.
 *
 * @internal
 */
export function validateOptions(raw: unknown): void {
  if (!isPlainObject(raw)) {
    throw new ObservabilityConfigError([
      { option: '(options)', value: raw, ...OPTION_PROBLEMS.notAnOptionsObject },
    ]);
  }
  const problems = unknownKeyProblems(raw);
  for (const rule of OPTION_RULES) {
    const value = readPath(raw, rule.option);
    if (value === undefined && !rule.required) continue;
    if (!rule.valid(value)) {
      problems.push({ option: rule.option, value, expected: rule.expected, fix: rule.fix });
    }
  }
  problems.push(...validateSlos(raw.slos));
  if (problems.length > 0) throw new ObservabilityConfigError(problems);
}
