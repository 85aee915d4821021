/**
 * Names, help texts and default buckets of the metrics the SDK records, in base units.
 *
 * @internal
 */
export const METRIC_NAMES = {
  methodCalls: 'method_calls_total',
  methodDuration: 'method_duration_seconds',
  seriesOverflow: 'observability_series_overflow_total',
  instrumentationErrors: 'observability_instrumentation_errors_total',
  httpRequests: 'http_requests_total',
  httpDuration: 'http_request_duration_seconds',
  httpActive: 'http_requests_active',
  spansExported: 'observability_spans_exported_total',
  spansDropped: 'observability_spans_dropped_total',
  logLinesDropped: 'observability_log_lines_dropped_total',
  featureDrift: 'model_feature_drift',
  predictionDrift: 'model_prediction_drift',
  classRatio: 'model_prediction_class_ratio',
  featureOutOfRange: 'model_feature_out_of_range_total',
  featureMissing: 'model_feature_missing_total',
  /** Ground truth, counted through `ModelSignals`; read by accuracy SLOs. */
  modelFeedback: 'model_feedback_total',
  modelBatchSize: 'model_batch_size',
  rpcServerDuration: 'rpc_server_duration_seconds',
  messagingProcessDuration: 'messaging_process_duration_seconds',
  messagingSentMessages: 'messaging_client_sent_messages_total',
  queueWait: 'messaging_queue_wait_seconds',
  stalledMessages: 'messaging_process_stalled_total',
  taskDuration: 'scheduled_task_duration_seconds',
  taskLastSuccess: 'scheduled_task_last_success_timestamp_seconds',
  taskPeriod: 'scheduled_task_period_seconds',
  taskOverlaps: 'scheduled_task_overlapping_runs_total',
  taskLateStarts: 'scheduled_task_late_starts_total',
} as const;

/** @internal */
export const METRIC_HELP = {
  methodCalls: 'Calls of instrumented methods, by outcome and error type.',
  methodDuration: 'Duration of instrumented method calls in seconds, by outcome.',
  seriesOverflow:
    'Observations folded into the overflow series because a metric reached its series limit.',
  instrumentationErrors:
    'Failures inside the instrumentation itself (tracer, registry, label functions); the instrumented call was not affected.',
  httpRequests: 'HTTP requests answered, by method, matched route template and status sent.',
  httpDuration:
    'Time from receiving an HTTP request to finishing its response, in seconds, by method, route and status.',
  httpActive: 'HTTP requests received and not yet answered, by method.',
  spansExported: 'Finished spans the trace exporter delivered to the collector.',
  spansDropped:
    'Finished spans that were never delivered, by reason: queue_full (the export queue was full), export_failed (the collector refused or failed), export_timeout (it did not answer in time), shutdown (still queued when shutdown ran out of time).',
  logLinesDropped:
    'Log lines never written because stdout took none for so long that 4 MiB of lines waited (a stalled log collector): dropped rather than letting memory grow or stalling requests.',
  featureDrift:
    "Drift of a model input between the reference data set and the recent window, by method: psi (population stability index), js (Jensen-Shannon distance, base 2) or ks (Kolmogorov-Smirnov statistic); absent until the window holds the monitor's minSamples values of the feature.",
  predictionDrift:
    'Drift of the predicted classes in the recent window against the classes of the reference data set (the training priors), by method: psi or js.',
  classRatio:
    'Share of each class among the predictions in the recent window (source="window") and among the reference data set\'s labels (source="training"), by model version; absent until the window holds the monitor\'s minSamples predictions.',
  featureOutOfRange:
    "Input values outside the reference's range, by feature: a number below its minimum or above its maximum, a category without a bin of its own.",
  modelFeedback:
    'True labels received for predictions, by the model version that predicted and whether it was right: correct is "true" or "false".',
  modelBatchSize: 'Inputs per batch a model scored, by model version.',
  featureMissing:
    'Input values that were missing (absent, null, NaN or not of the feature kind), by feature.',
  rpcServerDuration:
    'Time a microservice took to handle a request (@MessagePattern), from the handler call to the end of its reply, in seconds, by transport, pattern and outcome.',
  messagingProcessDuration:
    'Time a consumer took to process one message or event, in seconds, by messaging system, destination (pattern, queue, event name) and outcome.',
  messagingSentMessages:
    'Messages and events a producer handed to its transport (attempts), by messaging system and destination.',
  queueWait:
    'Time a job waited in its queue, from being added (or scheduled again for a retry) to the start of its processing, in seconds, by messaging system and queue.',
  stalledMessages:
    'Jobs whose worker stopped renewing their lock while processing them (a crashed or blocked worker), found by a stalled-job check and moved back to wait or failed.',
  taskDuration:
    'Time one run of a scheduled task (@Cron, @Interval, @Timeout) took, in seconds, by task and outcome.',
  taskLastSuccess: 'When a scheduled task last ended successfully, in seconds since the epoch.',
  taskPeriod:
    'How often a scheduled task is meant to run, in seconds (the interval, or the time between two cron ticks).',
  taskOverlaps: 'Runs of a scheduled task that started while its previous run was still going.',
  taskLateStarts:
    'Runs of a scheduled task that started more than a second after their scheduled time.',
} as const;

/**
 * Default histogram buckets of `method_duration_seconds`, in seconds: from 1 ms (an in-process
 * inference) to 10 s (a slow downstream call).
 *
 * @internal
 */
export const DEFAULT_DURATION_BUCKETS: readonly number[] = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/**
 * Buckets for work that may take or wait minutes (a nightly task, a job behind a backlog): the
 * default duration buckets, then 30 s to 1 h.
 *
 * @internal
 */
export const LONG_DURATION_BUCKETS: readonly number[] = [
  ...DEFAULT_DURATION_BUCKETS,
  30,
  60,
  300,
  900,
  3600,
];

/** Default limit of distinct label sets per metric family. @internal */
export const DEFAULT_MAX_SERIES = 1000;

/** The label value that replaces every label of an observation beyond a series limit. @internal */
export const OVERFLOW_LABEL_VALUE = '__overflow__';
