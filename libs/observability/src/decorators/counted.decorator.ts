import { CallCountProbe } from '../instrument/probes/call-count.probe';
import { MESSAGES } from '../messages/messages';
import { metricCatalog } from '../metrics/metric-catalog';
import { validateMetricName } from '../metrics/metric-definition.validation';
import { MethodSeries } from '../instrument/probes/method-series';
import { METRIC_HELP, METRIC_NAMES } from '../naming/metric-names';
import { parseDecoratorArguments, parseExclude } from './decorator-arguments';
import type { CountedOptions } from './decorator-options.interface';
import type { InstrumentationDecorator } from './instrumentation-decorator';
import { checkedDecorator, instrumentationDecorator } from './instrumentation-decorator';
import { metricLabelPlan } from './metric-labels';

const KNOWN_OPTIONS = ['help', 'labels', 'maxSeries', 'exclude'];

/**
 * Counts every call when its work ends (a Promise settles, an Observable subscription completes,
 * errors or is unsubscribed, a generator finishes). Default metric
 * `method_calls_total{class,method,outcome,error_type}`: `outcome` is `success`, `error` or
 * `cancelled`; `error_type` is the error's class name on errors and empty otherwise. When a
 * sampled span is active, the increment carries its `trace_id` as an exemplar.
 *
 * On a class, counts every method the class declares (`exclude` lists exceptions; a method's own
 * `@Counted` wins). Invalid names or labels throw an `ObservabilityDefinitionError` when the class
 * is declared. The call's result, error and `this` are never changed, and a failure of the
 * instrumentation never reaches the caller.
 *
 * @param name metric name of your own, ending in `_total` (required for `labels`)
 * @param options help, labels (fixed or computed from the call), maxSeries, exclude
 * @publicApi
 * @example
 * \@Counted('cache_lookups_total', { labels: { result: ({ result }) => (result ? 'hit' : 'miss') } })
 * get(key: string): Promise<Prediction | undefined> { ... }
 */
export function Counted(name?: string, options?: CountedOptions): InstrumentationDecorator;
/**
 * `@Counted(options)`: the same with the default name.
 *
 * @param options see `CountedOptions`
 * @publicApi
 */
export function Counted(options?: CountedOptions): InstrumentationDecorator;
export function Counted(
  nameOrOptions?: string | CountedOptions,
  maybeOptions?: CountedOptions,
): InstrumentationDecorator {
  return checkedDecorator(() => build(nameOrOptions, maybeOptions));
}

function build(
  nameOrOptions: string | CountedOptions | undefined,
  maybeOptions: CountedOptions | undefined,
): InstrumentationDecorator {
  const { name, options } = parseDecoratorArguments<CountedOptions>(
    'Counted',
    nameOrOptions,
    maybeOptions,
    KNOWN_OPTIONS,
  );
  const metricName = name ?? METRIC_NAMES.methodCalls;
  return instrumentationDecorator({
    decorator: 'Counted',
    kind: 'count',
    exclude: parseExclude('Counted', options.exclude),
    createProbe: (site) => {
      validateMetricName(
        MESSAGES.decoratorSite('Counted', site.qualifiedName),
        metricName,
        'counter',
      );
      const plan = metricLabelPlan('Counted', site, metricName, name !== undefined, true, options);
      const family = metricCatalog.declareCounter({
        name: metricName,
        help: plan.help ?? METRIC_HELP.methodCalls,
        labelNames: plan.labelNames,
        maxSeries: plan.maxSeries,
      });
      return new CallCountProbe(new MethodSeries(family, plan.labels));
    },
  });
}
