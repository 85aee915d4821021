import { Writable } from 'node:stream';
import { context, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { resolveOptions } from '../options/resolve-options';
import type { LoggingOptions } from '../options/observability-options.interface';
import { withOperationIds } from '../context/operation-context';
import { createRootLogger } from './root-logger';
import { sdkLog, writeSdkLogsTo } from './sdk-logger';

function capture(logging: LoggingOptions = {}) {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = createRootLogger(
    resolveOptions({ serviceName: 'svc', logging: { level: 'info', ...logging } }, {}),
    destination,
  );
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { logger, lines, raw: () => chunks.join('') };
}

describe('the root logger', () => {
  const manager = new AsyncLocalStorageContextManager();
  beforeAll(() => context.setGlobalContextManager(manager.enable()));
  afterAll(() => {
    manager.disable();
    context.disable();
  });

  it('writes one JSON object per line: level name, ISO time, msg, service', () => {
    const { logger, lines } = capture();
    logger.info('ready');
    const [line] = lines();
    expect(line).toEqual({ level: 'info', time: expect.any(String), service: 'svc', msg: 'ready' });
    expect(new Date(String(line?.time)).toISOString()).toBe(line?.time);
  });

  it('adds the active span: trace_id, span_id, trace_flags; nothing without one', () => {
    const { logger, lines } = capture();
    const spanContext = {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.SAMPLED,
    };
    context.with(trace.setSpanContext(context.active(), spanContext), () => logger.info('inside'));
    logger.info('outside');
    const [inside, outside] = lines();
    expect(inside).toMatchObject({
      trace_id: spanContext.traceId,
      span_id: spanContext.spanId,
      trace_flags: '01',
    });
    expect(outside).not.toHaveProperty('trace_id');
  });

  it('keeps a message with CR and LF in one record', () => {
    const { logger, lines, raw } = capture();
    logger.info('line one\r\nforged: {"level":"fatal"}\nline three');
    expect(raw().trimEnd().split('\n')).toHaveLength(1);
    expect(lines()[0]?.msg).toBe('line one\r\nforged: {"level":"fatal"}\nline three');
  });

  it('redacts secret fields at any depth, inline secrets in messages, and errors', () => {
    const { logger, lines } = capture();
    logger.info({ user: { name: 'ada', Password: 'p1', keys: [{ apiKey: 'k1' }] } }, 'login');
    logger.warn('retrying with token=t-123');
    const error = Object.assign(new TypeError('connect to postgres://app:s3cret@db failed'), {
      config: { headers: { Authorization: 'Bearer xyz' } },
    });
    logger.error({ err: error }, 'store down');
    const [fields, message, failure] = lines();
    expect(fields?.user).toEqual({
      name: 'ada',
      Password: '[REDACTED]',
      keys: [{ apiKey: '[REDACTED]' }],
    });
    expect(message?.msg).toBe('retrying with token=[REDACTED]');
    expect(failure?.err).toMatchObject({
      type: 'TypeError',
      message: 'connect to postgres://app:[REDACTED]@db failed',
      stack: expect.stringContaining('TypeError: connect to postgres://app:[REDACTED]@db failed'),
      config: { headers: { Authorization: '[REDACTED]' } },
    });
    expect(JSON.stringify(lines())).not.toMatch(/s3cret|xyz|p1"|k1|t-123/);
  });

  it("cuts inline secrets from an error's own fields too, at any depth, leaving the error unchanged", () => {
    const { logger, lines } = capture();
    const problems = [{ name: 'DATABASE_URL', shown: 'postgres://app:CANARYa/b@db:5432/x' }];
    const error = Object.assign(new Error('invalid configuration'), {
      problems,
      request: { url: 'redis://cache:6379/0?password=CANARYq', note: 'retry with token=CANARYt' },
      cause: new Error('connect to amqp://u:CANARYc@mq failed'),
    });
    logger.error({ err: error }, 'startup failed');
    logger.error({ err: 'as text: postgres://app:CANARYs@db/x' }, 'not an Error');
    const text = JSON.stringify(lines());
    expect(text).not.toMatch(/CANARY/);
    expect(lines()[0]?.err).toMatchObject({
      problems: [{ name: 'DATABASE_URL', shown: 'postgres://app:[REDACTED]@db:5432/x' }],
      request: {
        url: 'redis://cache:6379/0?password=[REDACTED]',
        note: 'retry with token=[REDACTED]',
      },
    });
    expect(problems[0]?.shown).toBe('postgres://app:CANARYa/b@db:5432/x');
  });

  it('writes nothing below its level', () => {
    const { logger, lines } = capture({ level: 'warn' });
    logger.info('dropped');
    logger.warn('kept');
    expect(lines().map((l) => l.msg)).toEqual(['kept']);
  });
  it("writes the SDK's own lines without the ids of the request that happened to trigger them", () => {
    // An export timer or a probe started inside a request's scope: its warning is not that
    // request's, so it carries neither its trace nor its request id.
    const { logger, lines } = capture();
    writeSdkLogsTo(logger);
    const spanContext = {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.SAMPLED,
    };
    const scope = withOperationIds(trace.setSpanContext(context.active(), spanContext), {
      field: 'request_id',
      value: 'req-1',
    });
    context.with(scope, () => {
      logger.info('the request');
      sdkLog.warn('Trace export failing');
    });
    const [request, sdk] = lines();
    expect(request).toMatchObject({ trace_id: spanContext.traceId, request_id: 'req-1' });
    expect(sdk).toMatchObject({ level: 'warn', msg: 'Trace export failing' });
    expect(sdk).not.toHaveProperty('trace_id');
    expect(sdk).not.toHaveProperty('span_id');
    expect(sdk).not.toHaveProperty('request_id');
  });
});
