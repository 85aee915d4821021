import { isBucketList } from '../naming/buckets';
import { MESSAGES } from '../messages/messages';
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
      MESSAGES.invalidMetricName(
        site,
        String(name),
        'use letters, digits, `_` and `:`, not starting with a digit, for example "model_inference_seconds"',
      ),
    );
  }
  if (kind === 'counter' && !name.endsWith('_total')) {
    throw invalidMetric(
      MESSAGES.invalidMetricName(
        site,
        name,
        `a counter's name ends in _total (Prometheus convention). Fix: name it "${name}_total"`,
      ),
    );
  }
  if (kind === 'duration') {
    const clash = SAMPLE_SUFFIXES.find((suffix) => name.endsWith(suffix));
    if (clash !== undefined || !name.endsWith('_seconds')) {
      throw invalidMetric(
        MESSAGES.invalidMetricName(
          site,
          name,
          `durations are recorded in seconds, so the name ends in _seconds. Fix: name it "${name.replace(/_(total|bucket|sum|count|created)$/, '')}_seconds"`,
        ),
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
      rule =
        'use letters, digits and `_`, not starting with a digit or `__`. Fix: rename it, for example "model_version"';
    } else if (reserved.includes(name)) {
      rule = `it is set by the SDK itself (${reserved.join(', ')}). Fix: choose another name`;
    } else if (seen.has(name)) {
      rule = 'it is given twice. Fix: give it once';
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
      MESSAGES.invalidOption(
        site,
        'buckets',
        buckets,
        'a non-empty array of finite, positive, strictly increasing upper bounds in seconds',
        'for example [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1]',
      ),
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
      MESSAGES.invalidOption(
        site,
        'maxSeries',
        value,
        'an integer from 1 to 1000000',
        'keep it small: each series costs memory here and in Prometheus, for example 100',
      ),
    );
  }
  return value;
}
