import { isBucketList } from '../naming/buckets';
import { MESSAGES } from '../messages/messages';
import { DECORATOR_OPTIONS, METRIC_NAME_RULES } from '../messages/option.messages';
import { ObservabilityDefinitionError } from '../errors/observability-definition.error';
import { isValidLabelName, isValidMetricName } from '../naming/prometheus-names';

const SAMPLE_SUFFIXES = ['_bucket', '_sum', '_count', '_created', '_total'];

function invalidMetric(message: string): ObservabilityDefinitionError {
  return new ObservabilityDefinitionError('OBS_ERR_INVALID_METRIC', message);
}

/**
 * Checks a metric name against Prometheus rules and the SDK's unit conventions: counters end in
 * `_total`; histograms of durations end in `_seconds`. `site` names where it was written.
 *
 * @internal
 */
export function validateMetricName(
  site: string,
  name: unknown,
  kind: 'counter' | 'duration',
): string {
  if (typeof name !== 'string' || !isValidMetricName(name)) {
    throw invalidMetric(
      MESSAGES.invalidMetricName(site, String(name), METRIC_NAME_RULES.metricName()),
    );
  }
  if (kind === 'counter' && !name.endsWith('_total')) {
    throw invalidMetric(
      MESSAGES.invalidMetricName(site, name, METRIC_NAME_RULES.counterSuffix(name)),
    );
  }
  if (kind === 'duration') {
    const clash = SAMPLE_SUFFIXES.find((suffix) => name.endsWith(suffix));
    if (clash !== undefined || !name.endsWith('_seconds')) {
      throw invalidMetric(
        MESSAGES.invalidMetricName(site, name, METRIC_NAME_RULES.durationSuffix(name)),
      );
    }
  }
  return name;
}

/**
 * Checks label names: Prometheus syntax, not reserved (`__…`, and `le` on histograms, which the
 * exposition adds), no duplicates.
 *
 * @internal
 */
export function validateLabelNames(
  site: string,
  metric: string,
  names: readonly string[],
  reserved: readonly string[],
): void {
  const seen = new Set<string>();
  for (const name of names) {
    let rule: string | undefined;
    if (!isValidLabelName(name)) {
      rule = METRIC_NAME_RULES.labelName();
    } else if (reserved.includes(name)) {
      rule = METRIC_NAME_RULES.reservedLabel(reserved);
    } else if (seen.has(name)) {
      rule = METRIC_NAME_RULES.duplicateLabel();
    }
    if (rule !== undefined)
      throw invalidMetric(MESSAGES.invalidLabelName(site, metric, name, rule));
    seen.add(name);
  }
}

/**
 * Checks histogram buckets: a non-empty array of finite, strictly increasing, positive seconds.
 *
 * @internal
 */
export function validateBuckets(site: string, buckets: unknown): readonly number[] {
  const ok = isBucketList(buckets);
  if (!ok) {
    throw invalidMetric(
      MESSAGES.invalidOption(site, 'buckets', buckets, DECORATOR_OPTIONS.buckets),
    );
  }
  return [...(buckets as number[])];
}

/**
 * Checks a series limit: an integer from 1 to 1,000,000.
 *
 * @internal
 */
export function validateMaxSeries(site: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 1_000_000) {
    throw invalidMetric(
      MESSAGES.invalidOption(site, 'maxSeries', value, DECORATOR_OPTIONS.maxSeries),
    );
  }
  return value;
}
