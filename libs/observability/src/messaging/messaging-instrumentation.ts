import type { OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Inject, Injectable } from '@nestjs/common';
import { ensureContextManager } from '../context/operation-context';
import { DEFAULT_DURATION_BUCKETS } from '../naming/metric-names';
import { OBSERVABILITY_OPTIONS } from '../observability.constants';
import type { ResolvedObservabilityOptions } from '../options/observability-options.interface';
import type { MessageSink } from './message-exchange';
import { MessagePipeline } from './message-pipeline';
import { MessageProducer } from './message-producer';
import { MESSAGE_PRODUCER } from './microservice-clients.adapter';
import { MESSAGE_PIPELINE } from './microservice-servers.adapter';
import { microservicesState } from './microservices.adapter';
import { HandlerMetricsSink } from './sinks/handler-metrics.sink';
import { HandlerSpanSink } from './sinks/handler-span.sink';

/**
 * Puts the messaging pipeline and producer in place when the module starts, from its options
 * (metric prefix and series limit): from then on every microservice handler, client and producer
 * the adapters wrapped records through them. Removed when the module is
 * destroyed.
 *
 * @internal
 */
@Injectable()
export class MessagingInstrumentation implements OnModuleInit, OnModuleDestroy {
  private pipeline: MessagePipeline | undefined;
  private producer: MessageProducer | undefined;

  constructor(
    @Inject(OBSERVABILITY_OPTIONS) private readonly options: ResolvedObservabilityOptions,
  ) {}

  onModuleInit(): void {
    if (!microservicesState().installed) return;
    ensureContextManager();
    const { prefix, maxSeries } = this.options.metrics;
    const sinks: MessageSink[] = [
      new HandlerSpanSink(),
      new HandlerMetricsSink({ prefix, buckets: DEFAULT_DURATION_BUCKETS, maxSeries }),
    ];
    this.pipeline = new MessagePipeline(sinks);
    this.producer = new MessageProducer({ prefix, maxSeries });
    MESSAGE_PIPELINE.install(this.pipeline);
    MESSAGE_PRODUCER.install(this.producer);
  }

  onModuleDestroy(): void {
    // Another application of the process (a test's) may have put its own in place since.
    MESSAGE_PIPELINE.release(this.pipeline);
    MESSAGE_PRODUCER.release(this.producer);
  }
}
