/** Prometheus metric-name syntax (data model: `[a-zA-Z_:][a-zA-Z0-9_:]*`). @internal */
export const METRIC_NAME_PATTERN = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/** Prometheus label-name syntax; names starting with `__` are reserved. @internal */
export const LABEL_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Whether `name` is a valid Prometheus metric name.
 *
 * @internal
 */
export function isValidMetricName(name: string): boolean {
  return METRIC_NAME_PATTERN.test(name);
}

/**
 * Whether `name` is a valid, non-reserved Prometheus label name.
 *
 * @internal
 */
export function isValidLabelName(name: string): boolean {
  return LABEL_NAME_PATTERN.test(name) && !name.startsWith('__');
}
