import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { DriftMonitor } from 'nestjs-observability';
import type { Counter } from 'prom-client';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/app-config.constants';
import { ML_METRICS } from '../metrics/ml-metrics.providers';
import { driftMonitorOf } from '../metrics/model-drift.service';
import type { FeatureVector } from '../model/prediction-model';
import { PredictionModel } from '../model/prediction-model';

/** Most inputs waiting for the shadow model; beyond, new ones are dropped and counted. */
const MAX_QUEUED = 1000;
/** Most inputs the shadow model scores in one turn of the event loop. */
const PER_TURN = 50;
/** Least time between two warnings of the shadow model's failures (each failure is not a line). */
const WARN_EVERY_MS = 60_000;

/**
 * Scores every stored prediction's input with a second model (`SHADOW_MODEL_PATH`) off the
 * request path, never answering with it: `model_shadow_agreement_total` counts how often both
 * versions agree, the shadow's inference time is `model_prediction_duration_seconds` under its
 * own `model_version`, and its drift is monitored like the served model's. A shadow model that
 * cannot load is counted (`model_load_failures_total{role="shadow"}`) and the service goes on
 * without it.
 */
@Injectable()
export class ShadowScoring implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ShadowScoring.name);
  private shadow: PredictionModel | undefined;
  private drift: DriftMonitor | undefined;
  private readonly queue: { features: FeatureVector; served: string }[] = [];
  private draining = false;
  private agree: Counter.Internal | undefined;
  private disagree: Counter.Internal | undefined;
  private dropped: Counter.Internal | undefined;
  /** Failures since the last warning, and when that warning was written. */
  private failures = { unreported: 0, lastWarnedMs: Number.NEGATIVE_INFINITY };

  constructor(
    @Inject(PredictionModel) private readonly served: PredictionModel,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectMetric(ML_METRICS.loadFailures) private readonly loadFailures: Counter,
    @InjectMetric(ML_METRICS.shadowAgreement) private readonly agreement: Counter,
    @InjectMetric(ML_METRICS.shadowDropped) private readonly droppedInputs: Counter,
  ) {}

  onModuleInit(): void {
    this.loadFailures.inc({ role: 'shadow' }, 0);
    const path = this.config.shadowModelPath;
    if (path === undefined) return;
    try {
      const shadow = PredictionModel.load(path);
      if (shadow.version === this.served.version) {
        throw new Error(
          `SHADOW_MODEL_PATH=${path} holds version ${shadow.version}, the served one. Fix: point it at another version of the model.`,
        );
      }
      if (shadow.features.join() !== this.served.features.join()) {
        throw new Error(
          `SHADOW_MODEL_PATH=${path} reads other features (${shadow.features.join(', ')}). Fix: shadow a model of the same inputs.`,
        );
      }
      this.shadow = shadow;
    } catch (error) {
      this.loadFailures.inc({ role: 'shadow' });
      this.logger.error(
        `The shadow model was not loaded; the service goes on without it: ${(error as Error).message}`,
      );
      return;
    }
    const labels = { model_version: this.served.version, shadow_version: this.shadow.version };
    this.agree = this.agreement.labels({ ...labels, agree: 'true' });
    this.disagree = this.agreement.labels({ ...labels, agree: 'false' });
    this.dropped = this.droppedInputs.labels({ shadow_version: this.shadow.version });
    this.agree.inc(0);
    this.disagree.inc(0);
    this.dropped.inc(0);
    this.drift = driftMonitorOf(this.shadow, this.config);
    this.logger.log(`Shadow model ${this.shadow.version} scores every input off the request path`);
  }

  /** Queues one stored prediction's input for the shadow model; returns at once. */
  score(features: FeatureVector, served: string): void {
    if (this.shadow === undefined) return;
    if (this.queue.length >= MAX_QUEUED) {
      this.dropped?.inc();
      return;
    }
    this.queue.push({ features, served });
    if (!this.draining) {
      this.draining = true;
      setImmediate(() => this.drain());
    }
  }

  onModuleDestroy(): void {
    this.queue.length = 0;
    this.drift?.stop();
  }

  /** Scores up to `PER_TURN` queued inputs, then yields the event loop until the queue is empty. */
  private drain(): void {
    const shadow = this.shadow;
    for (let n = 0; n < PER_TURN && shadow !== undefined; n++) {
      const next = this.queue.shift();
      if (next === undefined) break;
      try {
        const output = shadow.predict(next.features);
        (output.prediction === next.served ? this.agree : this.disagree)?.inc();
        this.drift?.observe(next.features, output.prediction);
      } catch (error) {
        this.failed(error);
      }
    }
    if (this.queue.length > 0) setImmediate(() => this.drain());
    else this.draining = false;
  }

  /**
   * One input the shadow model failed on: a warning at the first failure, then at most one a
   * minute with the count since (a shadow model failing on every input would otherwise write a
   * line per prediction). The served answers are never affected.
   */
  private failed(error: unknown): void {
    this.failures.unreported++;
    const now = performance.now();
    if (now - this.failures.lastWarnedMs < WARN_EVERY_MS) return;
    const count = this.failures.unreported;
    this.failures = { unreported: 0, lastWarnedMs: now };
    const what = count === 1 ? 'one input' : `${count} inputs since its last warning`;
    this.logger.warn(
      `The shadow model failed on ${what}: ${(error as Error).message}. The served answers are not affected. Fix: check the model at SHADOW_MODEL_PATH, or unset it.`,
    );
  }
}
