import { describeValue } from './describe-value';
import type { OptionText } from './option.messages';

/** One invalid option: where, what was given, what it accepts, and the fix. */
interface Problem {
  readonly option: string;
  readonly value: unknown;
  readonly expected: string;
  readonly fix: string;
}

/** One indented line per problem, naming the option, the value and the fix. */
const problemList = (problems: readonly Problem[]) =>
  problems
    .map(
      (p) => `  - ${p.option} = ${describeValue(p.value)}: expected ${p.expected}. Fix: ${p.fix}`,
    )
    .join('\n');

/**
 * Every error the SDK throws at a user, as data: definition-time errors (decorators, metrics),
 * setup errors (invalid options, a missing optional package), and the errors of the public
 * functions and the test kit. Each names the place, the bad value and the fix.
 *
 * @internal
 */
export const MESSAGES = {
  decoratorSite: (decorator: string, qualifiedName?: string) =>
    qualifiedName === undefined ? `@${decorator}()` : `@${decorator}() on ${qualifiedName}`,
  classSite: (className: string | undefined) => `class ${className ?? 'anonymous'}`,
  atSite: (site: string, message: string) => `${site}: ${message}`,
  notAMethod: (decorator: string, site: string, found: 'property' | 'accessor' | 'value') =>
    `@${decorator}() on ${site}: it can only decorate a method or a class, and ${site} is ` +
    `${found === 'property' ? 'a property' : found === 'accessor' ? 'an accessor' : 'not a function'}. ` +
    `Fix: move @${decorator}() to a method, or to the class to instrument all its methods.`,
  invalidTaskName: (name: unknown) =>
    `ScheduledTaskObserver.observe(${describeValue(name)}): a task needs a name, its \`task\` label. ` +
    `Fix: pass the name the task is registered under, such as 'retention'.`,
  invalidTaskPeriod: (name: string, ms: unknown) =>
    `ScheduledTaskObserver.observe('${name}'): ${describeValue(ms)} is not a number of milliseconds. ` +
    `Fix: pass the delay the task is added with, a positive finite number.`,
  alreadyTraced: (site: string) =>
    `@Traced() is applied twice to ${site}: one call would open two identical spans. ` +
    `Fix: keep one @Traced() on the method.`,
  classWideSpanName: (className: string, name: string) =>
    `@Traced(${describeValue(name)}) on class ${className}: a span name on a class would give every ` +
    `method the same span name. Fix: use @Traced() on the class (spans are named ClassName.method), ` +
    `or put the named @Traced() on one method.`,
  unknownExclusion: (decorator: string, className: string, method: string, methods: string[]) =>
    `@${decorator}({ exclude }) on class ${className}: ${describeValue(method)} is not one of its ` +
    `methods (${methods.join(', ') || 'none'}). Fix: list method names declared on ${className}.`,
  invalidMetricName: (site: string, name: string, rule: string) =>
    `${site}: metric name ${describeValue(name)} is invalid: ${rule}.`,
  invalidLabelName: (site: string, metric: string, label: string, rule: string) =>
    `${site}: label ${describeValue(label)} of metric ${metric} is invalid: ${rule}.`,
  invalidOption: (site: string, option: string, value: unknown, text: OptionText) =>
    `${site}: option ${option} = ${describeValue(value)} is invalid: expected ${text.expected}. Fix: ${text.fix}`,
  invalidOptions: (problems: readonly Problem[], site = 'ObservabilityModule') =>
    `${site}: ${problems.length === 1 ? 'option is' : `${problems.length} options are`} invalid.\n` +
    problemList(problems),
  invalidRuleOptions: (problems: readonly Problem[]) =>
    `SLO generator options: ${problems.length === 1 ? 'one is' : `${problems.length} are`} invalid.\n` +
    problemList(problems),
  metricConflict: (name: string, existing: string, requested: string) =>
    `Metric ${name} is defined twice with different shapes: first as ${existing}, now as ` +
    `${requested}. One name must keep one type, one label set and one set of buckets. ` +
    `Fix: give the second definition its own metric name, or make both definitions identical.`,
  foreignMetric: (name: string) =>
    `Metric ${name} is already registered in the prom-client registry by other code. ` +
    `Fix: give the SDK metric another name, or rename the other metric.`,
  labelValueCount: (metric: string, labelNames: readonly string[], given: number) =>
    `${metric} takes ${labelNames.length} label values (${labelNames.join(', ')}), got ${given}.`,
  // The SDK's metric families refuse a bad prom-client call in prom-client's words (the label
  // error names the metric too), so code written against prom-client sees the errors it expects.
  unknownLabel: (label: string, metric: string, labelNames: readonly string[]) =>
    `Added label "${label}" is not included in initial labelset of ${metric}: ${labelNames.join(', ')}.`,
  notANumber: (value: number) => `Value is not a valid number: ${value}`,
  counterDecrease: () => 'It is not possible to decrease a counter',
  missingPackage: (feature: string, packageName: string) =>
    `${feature} needs the package ${packageName}, which is not installed. ` +
    `Fix: npm install ${packageName} (it is an optional peer dependency of nestjs-observability).`,
  invalidObjective: (objective: number) =>
    `SLO objective ${String(objective)} is invalid: expected a share above 0 and at most 1, such as 0.999.`,
  invalidEventCount: (name: string, value: number) =>
    `${name} ${String(value)} is invalid: expected a finite count of events, 0 or more.`,
  invalidErrorRatio: (errorRatio: number) =>
    `Error ratio ${String(errorRatio)} is invalid: expected a share from 0 to 1.`,
  moreBadThanTotal: (bad: number, total: number) =>
    `bad (${bad}) is more than total (${total}): count each event once.`,
  invalidBudgetSpent: () => 'budgetSpent needs a burn rate ≥ 0 and positive windows, in seconds.',
  noSuchMetric: (name: string, registered: readonly string[]) =>
    `No metric named ${name} in the registry. Registered: ${registered.join(', ') || 'none'}.`,
  notOneSpan: (name: string, found: number, seen: readonly string[]) =>
    `Expected one span named ${name}, found ${found}. Spans: ${seen.join(', ') || 'none'}.`,
} as const;

/** The features that need an optional peer package, as `MESSAGES.missingPackage` names them. @internal */
export const OPTIONAL_FEATURES = {
  prettyLogs: 'Pretty logs (LOG_FORMAT=pretty)',
  databaseHealth: 'DatabaseHealthIndicator',
  redisHealth: 'RedisHealthIndicator',
  grafanaDashboard: 'Generating the Grafana dashboard',
  microservices: 'Tracing Nest microservice messages',
  schedule: 'Observing @Cron tasks',
} as const;
