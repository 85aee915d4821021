/**
 * The cost of one log line through the SDK's logger (JSON, ISO time, trace fields, secrets
 * redacted in fields, messages and errors) against the same pino logger without redaction, and
 * against pino's defaults, all writing to a stream that discards. Contenders are interleaved.
 *
 * Run: npm run bench:logs
 */
import { Writable } from 'node:stream';
import { context, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { pino } from 'pino';
import { loggerOptions } from '../libs/observability/src/logging/root-logger';
import { runInterleaved, toMarkdown } from './harness';

const discard = new Writable({ write: (_chunk, _encoding, done) => done() });
const options = loggerOptions({ level: 'info', service: 'bench', pretty: false });
const sdk = pino(options, discard);
const unredacted = pino(
  { ...options, formatters: { level: options.formatters?.level }, hooks: {}, serializers: {} },
  discard,
);
const plain = pino({}, discard);

/** What the access log writes per request. */
const ACCESS_LINE = {
  request_id: '3f1c9a7e-6d1b-4c1e-9a51-2b8f7d0c4e11',
  method: 'POST',
  route: '/predict',
  path: '/predict?mode=[REDACTED]',
  status: 200,
  duration_ms: 2.314,
  headers: { accept: '*/*', 'content-type': 'application/json', 'user-agent': 'curl/8.5.0' },
};
/** A service's own line with a nested secret to replace. */
const SECRET_LINE = { user: { id: 42, profile: { name: 'ada', apiKey: 'k-1' } } };

async function main(): Promise<void> {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const spanContext = {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    spanId: 'b7ad6b7169203331',
    traceFlags: TraceFlags.SAMPLED,
  };
  const active = trace.setSpanContext(context.active(), spanContext);
  await context.with(active, async () => {
    for (const [title, fields, msg] of [
      ['access-log line (no secret to replace)', ACCESS_LINE, 'request completed'],
      ['line with a nested secret field', SECRET_LINE, 'profile loaded'],
    ] as const) {
      const results = await runInterleaved(
        [
          { name: 'pino defaults', fn: () => plain.info(fields, msg) },
          { name: 'SDK logger without redaction', fn: () => unredacted.info(fields, msg) },
          { name: 'SDK logger (redaction on)', fn: () => sdk.info(fields, msg) },
        ],
        'SDK logger without redaction',
      );
      console.log(`\n${title}, a span active\n`);
      console.log(toMarkdown(results, 'SDK logger without redaction'));
    }
  });
}

void main();
