import { exemplarFor } from '../../metrics/exemplar';
import { RECORD_STAGES } from '../../instrument/operation';
import type { HistogramFamily } from '../../metrics/histogram-family';
import { metricCatalog } from '../../metrics/metric-catalog';
import { METRIC_HELP, METRIC_NAMES } from '../../naming/metric-names';
import type { OperationOutcome } from '../../instrument/operation';
import type { MessageExchange, MessageSink } from '../message-exchange';

/** How the handler metrics are defined. @internal */
export interface HandlerMetricsDefinition {
  readonly prefix: string;
  readonly buckets: readonly number[];
  readonly maxSeries: number;
}

/**
 * `messaging_process_duration_seconds{messaging_system,messaging_destination_name,outcome}`: one
 * family for every consumer (microservice events, `@OnEvent` listeners, jobs).
 *
 * @internal
 */
export function processDurationFamily({
  prefix,
  buckets,
  maxSeries,
}: HandlerMetricsDefinition): HistogramFamily {
  return metricCatalog.histogram({
    name: `${prefix}${METRIC_NAMES.messagingProcessDuration}`,
    help: METRIC_HELP.messagingProcessDuration,
    labelNames: ['messaging_system', 'messaging_destination_name', 'outcome'],
    buckets,
    maxSeries,
  });
}

/**
 * The handlers' RED signals: `rpc_server_duration_seconds{rpc_system,rpc_method,outcome}` for a
 * `@MessagePattern` request, `messaging_process_duration_seconds{messaging_system,
 * messaging_destination_name,outcome}` for an `@EventPattern` event (the histogram's count is the
 * rate, `outcome="error"` the errors). Every label is a closed set or a registered pattern: a
 * message for a pattern no handler serves never reaches a handler, so it is never counted.
 *
 * @internal
 */
export class HandlerMetricsSink implements MessageSink {
  readonly stages = RECORD_STAGES;
  private readonly rpc: HistogramFamily;
  private readonly process: HistogramFamily;

  constructor({ prefix, buckets, maxSeries }: HandlerMetricsDefinition) {
    this.rpc = metricCatalog.histogram({
      name: `${prefix}${METRIC_NAMES.rpcServerDuration}`,
      help: METRIC_HELP.rpcServerDuration,
      labelNames: ['rpc_system', 'rpc_method', 'outcome'],
      buckets,
      maxSeries,
    });
    this.process = processDurationFamily({ prefix, buckets, maxSeries });
  }

  end(exchange: MessageExchange, { outcome, seconds }: OperationOutcome): void {
    const { kind, system, pattern } = exchange.site;
    const family = kind === 'rpc' ? this.rpc : this.process;
    family
      .resolve([system, pattern, outcome])
      .observe(seconds, exemplarFor(exchange.context, seconds));
  }
}
