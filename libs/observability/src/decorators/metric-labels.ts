import { MESSAGES } from '../messages/messages';
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

function invalid(where: string, option: string, value: unknown, expected: string, fix: string) {
  return new ObservabilityDefinitionError(
    'OBS_ERR_INVALID_DECORATOR',
    MESSAGES.invalidOption(where, option, value, expected, fix),
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
  const example = decorator === 'Timed' ? 'model_inference_seconds' : 'model_requests_total';
  return invalid(
    `@${decorator}() on ${site.qualifiedName}`,
    option,
    value,
    `no ${option} of its own on the shared default metric ${defaultMetric}`,
    `give the metric its own name, for example @${decorator}('${example}', { ${option} })`,
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
  const where = `@${decorator}() on ${site.qualifiedName}`;
  const base = withErrorType
    ? ['class', 'method', 'outcome', 'error_type']
    : ['class', 'method', 'outcome'];
  const labels = options.labels ?? {};
  if (typeof labels !== 'object' || labels === null) {
    throw invalid(
      where,
      'labels',
      labels,
      'an object of label names to values or functions',
      "for example { model: 'iris' }",
    );
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
      throw invalid(
        where,
        `labels.${name}`,
        value,
        'a string or a function of the call',
        'return a bounded value, such as a model version, never an id',
      );
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
    throw invalid(
      where,
      'help',
      options.help,
      'a non-empty sentence',
      'describe what the metric measures',
    );
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
