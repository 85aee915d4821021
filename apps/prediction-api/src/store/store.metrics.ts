import type { OnModuleInit } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import { InjectMetric, makeGaugeProvider } from '@willsoto/nestjs-prometheus';
import type { Gauge } from 'prom-client';
import type { BreakerStateValue } from '../resilience/dependency-breaker';
import { BREAKER_STATE } from '../resilience/dependency-breaker';

/** Name of the prediction store's breaker gauge. */
export const STORE_BREAKER_STATE = 'prediction_store_breaker_state';

/** The provider of the store's breaker gauge, in the application's one registry. */
export const STORE_METRIC_PROVIDERS = [
  makeGaugeProvider({
    name: STORE_BREAKER_STATE,
    help: 'Circuit breaker in front of PostgreSQL: 0 closed (in use), 1 half-open (probing), 2 open (known down: predictions answer 503 at once).',
  }),
];

/** Records the state of the breaker in front of PostgreSQL. */
@Injectable()
export class StoreMetrics implements OnModuleInit {
  constructor(@InjectMetric(STORE_BREAKER_STATE) private readonly state: Gauge) {}

  onModuleInit(): void {
    this.state.set(BREAKER_STATE.closed);
  }

  /** The breaker changed state. */
  breakerState(value: BreakerStateValue): void {
    this.state.set(value);
  }
}
