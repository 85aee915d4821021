import type { OnModuleInit } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import { InjectMetric, makeCounterProvider, makeGaugeProvider } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge } from 'prom-client';
import type { BreakerStateValue } from '../resilience/dependency-breaker';
import { BREAKER_STATE } from '../resilience/dependency-breaker';

/** Names of the feature cache's own metrics (lookups are counted with the ML metrics). */
export const CACHE_METRICS = {
  breakerState: 'prediction_cache_breaker_state',
  writes: 'prediction_cache_writes_total',
} as const;

/** How a cache write ended: the closed label set of `prediction_cache_writes_total{result}`. */
export const CACHE_WRITE_RESULTS = ['written', 'failed', 'skipped'] as const;
/** One of `CACHE_WRITE_RESULTS`. */
export type CacheWriteResult = (typeof CACHE_WRITE_RESULTS)[number];

/** The providers of the cache's metrics, in the application's one registry. */
export const CACHE_METRIC_PROVIDERS = [
  makeGaugeProvider({
    name: CACHE_METRICS.breakerState,
    help: 'Circuit breaker in front of the feature cache: 0 closed (in use), 1 half-open (probing), 2 open (skipped).',
  }),
  makeCounterProvider({
    name: CACHE_METRICS.writes,
    help: 'Cache entries written after a prediction, by result: written, failed, or skipped (breaker open or too many writes pending).',
    labelNames: ['result'],
  }),
];

/** Records the feature cache's breaker state and the outcome of its writes. */
@Injectable()
export class CacheMetrics implements OnModuleInit {
  constructor(
    @InjectMetric(CACHE_METRICS.breakerState) private readonly state: Gauge,
    @InjectMetric(CACHE_METRICS.writes) private readonly writes: Counter,
  ) {}

  /** Every series exists from the start, so rates and alerts see a 0 before the first event. */
  onModuleInit(): void {
    this.state.set(BREAKER_STATE.closed);
    for (const result of CACHE_WRITE_RESULTS) this.writes.inc({ result }, 0);
  }

  /** The breaker changed state. */
  breakerState(value: BreakerStateValue): void {
    this.state.set(value);
  }

  /** `entries` cache entries ended with `result`. */
  written(result: CacheWriteResult, entries: number): void {
    this.writes.inc({ result }, entries);
  }
}
