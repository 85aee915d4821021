import type { SloDefinition } from './slo.interface';

/**
 * The buckets of `http_request_duration_seconds`: the configured ones plus the threshold of every
 * HTTP latency SLO, sorted, so that each SLI reads an exact bucket (`le="0.2"`), never an
 * interpolation.
 *
 * @internal
 */
export function httpBucketsWithSlos(
  buckets: readonly number[],
  slos: readonly SloDefinition[],
): number[] {
  const thresholds = slos
    .filter((s) => s.type === 'latency' && s.target.kind === 'http')
    .map((s) => s.thresholdSeconds as number);
  return [...new Set([...buckets, ...thresholds])].sort((a, b) => a - b);
}
