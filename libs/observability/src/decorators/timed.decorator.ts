import { DurationProbe } from '../instrument/probes/duration.probe';
import { metricCatalog } from '../metrics/metric-catalog';
import { MESSAGES } from '../messages/messages';
import { validateBuckets, validateMetricName } from '../metrics/metric-definition.validation';
import { MethodSeries } from '../instrument/probes/method-series';
import { DEFAULT_DURATION_BUCKETS, METRIC_HELP, METRIC_NAMES } from '../naming/metric-names';
import { parseDecoratorArguments, parseExclude } from './decorator-arguments';
import type { TimedOptions } from './decorator-options.interface';
import type { InstrumentationDecorator } from './instrumentation-decorator';
import { checkedDecorator, instrumentationDecorator } from './instrumentation-decorator';
import { customNameRequired, metricLabelPlan } from './metric-labels';

const KNOWN_OPTIONS = ['help', 'labels', 'maxSeries', 'exclude', 'buckets'];

/**
 * Records the duration of every call in a histogram, in seconds, from a monotonic clock, until the
 * work ends: a Promise settles, an Observable subscription completes, errors or is unsubscribed,
 * a generator returns, throws or is left early. Default metric
 * `method_duration_seconds{class,method,outcome}`; `outcome` is `success`, `error` or `cancelled`.
 * When a sampled span is active, the observation carries its `trace_id` as an exemplar.
 *
 * On a class, times every method the class declares (`exclude` lists exceptions; a method's own
 * `@Timed` wins). Invalid names, labels or buckets throw an `ObservabilityDefinitionError` when the
 * class is declared. The call's result, error and `this` are never changed, and a failure of the
 * instrumentation never reaches the caller.
 *
 * @param name metric name of your own, ending in `_seconds` (required for `labels` and `buckets`)
 * @param options help, labels (fixed or computed from the call), buckets, maxSeries, exclude
 * @publicApi
 * @example
 * \@Timed('model_inference_seconds', { labels: { model_version: () => MODEL_VERSION }, buckets: [0.001, 0.005, 0.02] })
 * predict(features: Features): Prediction { ... }
 */
export function Timed(name?: string, options?: TimedOptions): InstrumentationDecorator;
/**
 * `@Timed(options)`: the same with the default name.
 *
 * @param options see `TimedOptions`
 * @publicApi
 */
export function Timed(options?: TimedOptions): InstrumentationDecorator;
export function Timed(
  nameOrOptions?: string | TimedOptions,
  maybeOptions?: TimedOptions,
): InstrumentationDecorator {
  return checkedDecorator(() => build(nameOrOptions, maybeOptions));
}

function build(
  nameOrOptions: string | TimedOptions | undefined,
  maybeOptions: TimedOptions | undefined,
): InstrumentationDecorator {
  const { name, options } = parseDecoratorArguments<TimedOptions>(
    'Timed',
    nameOrOptions,
    maybeOptions,
    KNOWN_OPTIONS,
  );
  const metricName = name ?? METRIC_NAMES.methodDuration;
  return instrumentationDecorator({
    decorator: 'Timed',
    kind: 'duration',
    exclude: parseExclude('Timed', options.exclude),
    createProbe: (site) => {
      const where = MESSAGES.decoratorSite('Timed', site.qualifiedName);
      validateMetricName(where, metricName, 'duration');
      const plan = metricLabelPlan('Timed', site, metricName, name !== undefined, false, options);
      if (name === undefined && options.buckets !== undefined) {
        throw customNameRequired('Timed', site, 'buckets', options.buckets, metricName);
      }
      const buckets =
        options.buckets === undefined
          ? DEFAULT_DURATION_BUCKETS
          : validateBuckets(where, options.buckets);
      const family = metricCatalog.declareHistogram({
        name: metricName,
        help: plan.help ?? METRIC_HELP.methodDuration,
        labelNames: plan.labelNames,
        buckets,
        maxSeries: plan.maxSeries,
      });
      return new DurationProbe(new MethodSeries(family, plan.labels));
    },
  });
}
