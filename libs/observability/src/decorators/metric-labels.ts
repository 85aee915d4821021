import { MESSAGES } from '../messages/messages';
import type { OptionText } from '../messages/option.messages';
import { DECORATOR_OPTIONS } from '../messages/option.messages';
import { ObservabilityDefinitionError } from '../errors/observability-definition.error';
import type { CallSite } from '../instrument/call';
import type { LabelFunction, MethodLabels } from '../instrument/probes/method-series';
import { validateLabelNames, validateMaxSeries } from '../metrics/metric-definition.validation';
import { DEFAULT_MAX_SERIES } from '../naming/metric-names';
import type { MetricDecoratorOptions } from './decorator-options.interface';

/** The labels and limits of one decorated method's metric. @internal */
export interface MetricLabelPlan {
  readonly labelNames: readonly string[];
  readonly labels: MethodLabels;
  readonly maxSeries: number;
  readonly help: string | undefined;
}

function invalid(where: string, option: string, value: unknown, text: OptionText) {
  return new ObservabilityDefinitionError(
    'OBS_ERR_INVALID_DECORATOR',
    MESSAGES.invalidOption(where, option, value, text),
  );
}

/**
 * The error for an option that would change the shape of a default metric (`labels`, `buckets`):
 * one metric name keeps one shape, so such options need a name of the user's own.
 *
 * @internal
 */
export function customNameRequired(
  decorator: string,
  site: CallSite,
  option: string,
  value: unknown,
  defaultMetric: string,
): ObservabilityDefinitionError {
  return invalid(
    MESSAGES.decoratorSite(decorator, site.qualifiedName),
    option,
    value,
    DECORATOR_OPTIONS.sharedDefaultMetric(decorator, option, defaultMetric),
  );
}

/**
 * Translates the label options of `@Timed`/`@Counted` on `site` into the metric's label names
 * (`class`, `method`, `outcome`, [`error_type`], then the user's) and the values resolved now.
 * Extra labels require a metric name of the user's own: the default metrics keep one label set.
 *
 * @internal
 */
export function metricLabelPlan(
  decorator: string,
  site: CallSite,
  metricName: string,
  customName: boolean,
  withErrorType: boolean,
  options: MetricDecoratorOptions,
): MetricLabelPlan {
  const where = MESSAGES.decoratorSite(decorator, site.qualifiedName);
  const base = withErrorType
    ? ['class', 'method', 'outcome', 'error_type']
    : ['class', 'method', 'outcome'];
  const labels = options.labels ?? {};
  if (typeof labels !== 'object' || labels === null) {
    throw invalid(where, 'labels', labels, DECORATOR_OPTIONS.labels);
  }
  const entries = Object.entries(labels);
  if (entries.length > 0 && !customName) {
    throw customNameRequired(decorator, site, 'labels', labels, metricName);
  }
  const staticNames: string[] = [];
  const staticValues: string[] = [];
  const computedNames: string[] = [];
  const computed: LabelFunction[] = [];
  for (const [name, value] of entries) {
    if (typeof value === 'string') {
      staticNames.push(name);
      staticValues.push(value);
    } else if (typeof value === 'function') {
      computedNames.push(name);
      computed.push(value);
    } else {
      throw invalid(where, `labels.${name}`, value, DECORATOR_OPTIONS.labelValue);
    }
  }
  const labelNames = [...base, ...staticNames, ...computedNames];
  validateLabelNames(
    where,
    metricName,
    [...staticNames, ...computedNames],
    [...base, 'le', 'quantile'],
  );
  if (
    options.help !== undefined &&
    (typeof options.help !== 'string' || options.help.trim() === '')
  ) {
    throw invalid(where, 'help', options.help, DECORATOR_OPTIONS.help);
  }
  return {
    labelNames,
    help: options.help,
    maxSeries:
      options.maxSeries === undefined
        ? DEFAULT_MAX_SERIES
        : validateMaxSeries(where, options.maxSeries),
    labels: {
      className: site.className,
      methodName: site.methodName,
      site: site.qualifiedName,
      withErrorType,
      staticValues,
      computed,
    },
  };
}
