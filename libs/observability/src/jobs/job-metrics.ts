import type { CounterFamily } from '../metrics/counter-family';
import type { HistogramFamily } from '../metrics/histogram-family';
import { metricCatalog } from '../metrics/metric-catalog';
import { sentMessagesFamily } from '../messaging/message-producer';
import { processDurationFamily } from '../messaging/sinks/handler-metrics.sink';
import {
  DEFAULT_DURATION_BUCKETS,
  LONG_DURATION_BUCKETS,
  METRIC_HELP,
  METRIC_NAMES,
} from '../naming/metric-names';
import { InstalledValue } from '../support/installed-value';

/** `messaging_system` of BullMQ jobs. @internal */
export const BULLMQ_SYSTEM = 'bullmq';

/** The families jobs record into. @internal */
export interface JobMetrics {
  readonly sent: CounterFamily;
  readonly wait: HistogramFamily;
  readonly process: HistogramFamily;
  readonly stalled: CounterFamily;
}

/**
 * Creates the job metrics under `prefix`: `messaging_client_sent_messages_total`,
 * `messaging_queue_wait_seconds`, `messaging_process_duration_seconds` (shared with the other
 * consumers) and `messaging_process_stalled_total`, each by `messaging_system` and
 * `messaging_destination_name` (the queue's name).
 *
 * @internal
 */
export function jobMetrics(prefix: string, maxSeries: number): JobMetrics {
  const labelNames = ['messaging_system', 'messaging_destination_name'];
  return {
    sent: sentMessagesFamily({ prefix, maxSeries }),
    wait: metricCatalog.histogram({
      name: `${prefix}${METRIC_NAMES.queueWait}`,
      help: METRIC_HELP.queueWait,
      labelNames,
      buckets: LONG_DURATION_BUCKETS,
      maxSeries,
    }),
    process: processDurationFamily({ prefix, buckets: DEFAULT_DURATION_BUCKETS, maxSeries }),
    stalled: metricCatalog.counter({
      name: `${prefix}${METRIC_NAMES.stalledMessages}`,
      help: METRIC_HELP.stalledMessages,
      labelNames,
      maxSeries,
    }),
  };
}

/** The metrics every job records into (none: spans only). @internal */
export const JOB_METRICS = new InstalledValue<JobMetrics>();
