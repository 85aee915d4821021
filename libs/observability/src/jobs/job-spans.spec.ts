import { ROOT_CONTEXT, SpanStatusCode, context } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import { ObservabilityTestKit } from '../testing/observability-test-kit';
import { contextFromJobMetadata, jobMetadataOf } from './job-context';
import type { JobMetrics } from './job-metrics';
import { JOB_METRICS, jobMetrics } from './job-metrics';
import { jobTracer } from './job-spans';

const CONSUMER = 4;
const INTERNAL = 0;
const PROCESS = 'messaging_process_duration_seconds';
const ERRORS = 'observability_instrumentation_errors_total';

/**
 * One attempt as BullMQ 6's worker drives it: started, scoped, named; a failure reported as the
 * `job failed` event with its reason (BullMQ never hands the span the error itself); settled by
 * its internal `complete` or `fail` span; ended.
 */
function attempt(parent: Context, settle: 'complete' | 'fail' | undefined, reason?: string): void {
  const span = jobTracer.startSpan('process scoring', { kind: CONSUMER }, parent);
  const scope = span.setSpanOnContext(parent) as Context;
  span.setAttributes({ 'bullmq.queue.name': 'scoring', 'bullmq.job.id': '17' });
  context.with(scope, () => {
    if (reason !== undefined) span.addEvent('job failed', { 'bullmq.job.failed.reason': reason });
    if (settle !== undefined) jobTracer.startSpan(`${settle} scoring`, { kind: INTERNAL }).end();
  });
  span.end();
}

describe("BullMQ's attempts, as operations", () => {
  let kit: ObservabilityTestKit;
  let metrics: JobMetrics;
  beforeAll(() => {
    kit = ObservabilityTestKit.start();
    metrics = jobMetrics('', 100);
  });
  beforeEach(() => JOB_METRICS.install(metrics));
  afterEach(() => {
    jest.restoreAllMocks();
    JOB_METRICS.release(metrics);
    kit.reset();
  });
  afterAll(() => kit.stop());

  it('a completed attempt: its queue wait, its duration by outcome, its span OK', async () => {
    const parent = contextFromJobMetadata(jobMetadataOf(ROOT_CONTEXT));
    attempt(parent, 'complete');
    const labels = { messaging_system: 'bullmq', messaging_destination_name: 'scoring' };
    expect((await kit.histogram('messaging_queue_wait_seconds', labels)).count).toBe(1);
    expect((await kit.histogram(PROCESS, { ...labels, outcome: 'completed' })).count).toBe(1);
    const span = await kit.span('process scoring');
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes['bullmq.job.outcome']).toBe('completed');
    expect(span.attributes['messaging.message.id']).toBe('17');
  });

  it('a failed attempt: status ERROR, error.type _OTHER, its reason on the event', async () => {
    attempt(ROOT_CONTEXT, 'fail', 'score out of range');
    const span = await kit.span('process scoring');
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes['error.type']).toBe('_OTHER');
    expect(span.events.map((e) => e.attributes?.['bullmq.job.failed.reason'])).toEqual([
      'score out of range',
    ]);
    expect(span.attributes['bullmq.job.outcome']).toBe('failed');
    const failed = { messaging_destination_name: 'scoring', outcome: 'failed' };
    expect((await kit.histogram(PROCESS, failed)).count).toBe(1);
  });

  it('a failed attempt with an error BullMQ recorded itself: error.type is its class', async () => {
    const span = jobTracer.startSpan('process scoring', { kind: CONSUMER }, ROOT_CONTEXT);
    const scope = span.setSpanOnContext(ROOT_CONTEXT) as Context;
    span.setAttributes({ 'bullmq.queue.name': 'scoring' });
    context.with(scope, () => {
      span.recordException('Missing lock for job 17'); // a text: not an error of a class
      span.recordException(new TypeError('lock lost'));
      jobTracer.startSpan('fail scoring', { kind: INTERNAL }).end();
    });
    span.end();
    expect((await kit.span('process scoring')).attributes['error.type']).toBe('TypeError');
  });

  it('a failing metric is counted and the attempt’s span still ends', async () => {
    jest.spyOn(metrics.process, 'resolve').mockImplementation(() => {
      throw new Error('registry broken');
    });
    attempt(ROOT_CONTEXT, 'complete');
    expect((await kit.spans()).map((s) => s.name)).toEqual(['process scoring']);
    expect(await kit.counterValue(ERRORS, { stage: 'record-duration' })).toBe(1);
  });

  it('an attempt ended twice is recorded once', async () => {
    const span = jobTracer.startSpan('process scoring', { kind: CONSUMER }, ROOT_CONTEXT);
    span.setAttributes({ 'bullmq.queue.name': 'scoring' });
    span.end();
    span.end();
    expect(await kit.spans()).toHaveLength(1);
    expect((await kit.histogram(PROCESS, { messaging_destination_name: 'scoring' })).count).toBe(1);
  });

  it('a producer span ends though its count fails', async () => {
    jest.spyOn(metrics.sent, 'resolve').mockImplementation(() => {
      throw new Error('registry broken');
    });
    const span = jobTracer.startSpan('add scoring', { kind: 3 }, ROOT_CONTEXT);
    span.setAttributes({ 'bullmq.queue.name': 'scoring' });
    span.end();
    expect((await kit.spans()).map((s) => s.name)).toEqual(['add scoring']);
    expect(await kit.counterValue(ERRORS, { stage: 'record-count' })).toBe(1);
  });
});
