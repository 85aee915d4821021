import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ClientOptions, ClientProxy } from '@nestjs/microservices';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { firstValueFrom } from 'rxjs';
import type { FixtureProcess } from './support/fixture-process';
import { startFixture } from './support/fixture-process';
import type { ReceivedSpan } from './support/otlp-receiver';
import { OtlpReceiver } from './support/otlp-receiver';
import { freePort, waitFor } from './support/ports';
import type { RawHeaders, RawTarget } from './support/raw-transports';
import {
  AMQP_URL,
  MQTT_URL,
  deleteQueues,
  NATS_URL,
  REDIS_HOST,
  REDIS_PORT,
  sendRaw,
} from './support/raw-transports';

const SERVER = 2;
const CONSUMER = 5;
const ERROR = 2;
const REFUSAL = 'rows: an array of numbers is required';

type TransportName = RawTarget['transport'];
const TRANSPORTS: readonly TransportName[] = ['tcp', 'nats', 'redis', 'rabbitmq', 'mqtt'];

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/**
 * W3C trace context (level 1) cases as a caller, or a forger, may send them, and whether a
 * receiver continues the trace (`true`) or starts a fresh one. The HTTP path decides each the same.
 */
type TraceparentCase = [what: string, traceparent: string | readonly string[], continues: boolean];

function traceparentCases(traceId: string, spanId: string): TraceparentCase[] {
  return [
    ['valid, sampled', `00-${traceId}-${spanId}-01`, true],
    ['valid, not sampled', `00-${traceId}-${spanId}-00`, true],
    ['a future version with more fields', `01-${traceId}-${spanId}-01-future`, true],
    ['version ff (forbidden)', `ff-${traceId}-${spanId}-01`, false],
    ['version 00 with more fields', `00-${traceId}-${spanId}-01-extra`, false],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-${spanId}-01`, false],
    ['an all-zero parent id', `00-${traceId}-${'0'.repeat(16)}-01`, false],
    ['a trace id one digit short', `00-${traceId.slice(1)}-${spanId}-01`, false],
    ['a parent id one digit long', `00-${traceId}-${spanId}0-01`, false],
    ['non-hex digits', `00-${traceId.slice(2)}zz-${spanId}-01`, false],
    ['upper-case hex', `00-${traceId.toUpperCase()}-${spanId}-01`, false],
    ['bad flags', `00-${traceId}-${spanId}-0g`, false],
    ['a one-digit version', `0-${traceId}-${spanId}-01`, false],
    ['garbage', 'not-a-traceparent', false],
  ];
}

describe('bad messages on the real brokers are handled like bad HTTP input (preload, real exporter)', () => {
  const run = randomUUID().slice(0, 8);
  const score = `score.${run}`;
  const scored = `scored.${run}`;
  const queue = `bad-messages-${run}`;
  let receiver: OtlpReceiver;
  let fixture: FixtureProcess;
  let tcpPort: number;
  let base: string;
  const clients = new Map<TransportName, ClientProxy>();

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    tcpPort = await freePort();
    fixture = await startFixture('bad-messages-app', {
      RUN: run,
      TCP_PORT: String(tcpPort),
      NATS_URL,
      AMQP_URL,
      MQTT_URL,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_BSP_SCHEDULE_DELAY: '50',
    });
    base = `http://127.0.0.1:${fixture.ports[0]}`;
    const options: Record<TransportName, ClientOptions> = {
      tcp: { transport: Transport.TCP, options: { host: '127.0.0.1', port: tcpPort } },
      nats: { transport: Transport.NATS, options: { servers: [NATS_URL] } },
      redis: { transport: Transport.REDIS, options: { host: REDIS_HOST, port: REDIS_PORT } },
      rabbitmq: {
        transport: Transport.RMQ,
        options: { urls: [AMQP_URL], queue, queueOptions: { durable: false } },
      },
      mqtt: { transport: Transport.MQTT, options: { url: MQTT_URL, protocolVersion: 5 } },
    };
    for (const name of TRANSPORTS) {
      const client = ClientProxyFactory.create(options[name]);
      await client.connect();
      clients.set(name, client);
    }
  }, 60_000);

  afterAll(async () => {
    for (const client of clients.values()) await client.close();
    await fixture?.kill();
    await receiver?.stop();
    await deleteQueues(queue);
  });

  /** The sample of counts `name{labels}` had in the fixture's `/metrics`, 0 when absent. */
  async function count(name: string, labels: Record<string, string>): Promise<number> {
    const text = await (await fetch(`${base}/metrics`)).text();
    const selector = Object.entries(labels)
      .map(([k, v]) => `${k}="${v}"`)
      .join(',');
    const line = text.split('\n').find((l) => l.startsWith(`${name}_count{${selector}}`));
    return line === undefined ? 0 : Number(line.split(' ').at(-1));
  }

  /** The fixture's log line `msg`, once written (every stdout line must parse as JSON). */
  async function lineSaying(msg: string): Promise<Record<string, unknown>> {
    await waitFor(`the line "${msg}"`, async () => fixture.lines().some((l) => l.msg === msg));
    return fixture.lines().find((l) => l.msg === msg) as Record<string, unknown>;
  }

  async function spanWithId(spanId: string): Promise<ReceivedSpan> {
    await waitFor(`span ${spanId}`, async () => receiver.spans.some((s) => s.spanId === spanId));
    return receiver.spans.find((s) => s.spanId === spanId) as ReceivedSpan;
  }

  /** Everything the collector received, as text (to look for a value that must be nowhere). */
  function spansText(): string {
    return JSON.stringify(receiver.spans, (_key, value: unknown) =>
      typeof value === 'bigint' ? String(value) : value,
    );
  }

  /** An event to `scored` from a foreign producer, with `fields` as its trace context. */
  function foreignEvent(
    transport: TransportName,
    id: string,
    fields: RawHeaders,
    extraBody = '',
  ): Promise<void> {
    const envelope = transport === 'tcp' || transport === 'redis' || transport === 'mqtt';
    const body = JSON.stringify({
      pattern: scored,
      data: { id, rows: [1], note: extraBody },
      ...(envelope ? { metadata: fields } : {}),
    });
    return sendRaw({ transport, tcpPort, queue }, scored, body, envelope ? {} : fields);
  }

  /** The CONSUMER span of the foreign event `id`, found through its handler's log line. */
  async function consumerOf(id: string): Promise<ReceivedSpan> {
    const line = await lineSaying(`scored ${id}`);
    const span = await spanWithId(String(line.span_id));
    expect(span.kind).toBe(CONSUMER);
    return span;
  }

  it('the startup report names the installed @nestjs/microservices and says its clients propagate', () => {
    const entry = require.resolve('@nestjs/microservices');
    const { version } = JSON.parse(readFileSync(join(dirname(entry), 'package.json'), 'utf8')) as {
      version: string;
    };
    const report = fixture.lines().find((l) => l.context === 'Tracing');
    expect(report?.msg).toContain(`microservices ${version} (handler, client and producer spans)`);
  });

  describe.each(TRANSPORTS)('over %s', (transport) => {
    const client = () => clients.get(transport) as ClientProxy;

    it('a request of the wrong shape: the caller gets the refusal, outcome="error" under the registered pattern, the SERVER span ERROR, and the next request is served', async () => {
      const labels = { rpc_system: transport, rpc_method: score, outcome: 'error' };
      const before = await count('rpc_server_duration_seconds', labels);
      await expect(firstValueFrom(client().send(score, { rows: 'x' }))).rejects.toMatchObject({
        message: REFUSAL,
      });
      await expect(firstValueFrom(client().send(score, { rows: [1, 2] }))).resolves.toBe(3);
      expect(await count('rpc_server_duration_seconds', labels)).toBe(before + 1);
      const refused = () =>
        receiver.spans.filter(
          (s) =>
            s.kind === SERVER &&
            s.name === score &&
            s.attributes['rpc.system'] === transport &&
            s.status.code === ERROR,
        );
      await waitFor('the SERVER span of the refused request', async () => refused().length > 0);
      expect(refused().every((s) => s.attributes['error.type'] === '_OTHER')).toBe(true);
    });

    it('an event of the wrong shape: CONSUMER span ERROR, outcome="error", the next event handled', async () => {
      const labels = {
        messaging_system: transport,
        messaging_destination_name: scored,
        outcome: 'error',
      };
      const before = await count('messaging_process_duration_seconds', labels);
      await firstValueFrom(client().emit(scored, { id: 'shapeless', rows: { a: 1 } }), {
        defaultValue: undefined,
      });
      const id = `after-shapeless-${transport}-${hex(3)}`;
      await firstValueFrom(client().emit(scored, { id, rows: [1] }), { defaultValue: undefined });
      await lineSaying(`scored ${id}`);
      await waitFor(
        'the refused event counted',
        async () => (await count('messaging_process_duration_seconds', labels)) === before + 1,
      );
      // The span is exported in a batch, after the metric is recorded: wait for it to arrive.
      const consumers = () =>
        receiver.spans.filter(
          (s) =>
            s.name === `process ${scored}` &&
            s.attributes['messaging.system'] === transport &&
            s.status.code === ERROR,
        );
      await waitFor('the CONSUMER span of the refused event', async () => consumers().length > 0);
      expect(consumers().every((s) => s.attributes['error.type'] === '_OTHER')).toBe(true);
    });

    it('bytes that are not JSON: no label, no crash, at most one JSON line each that does not quote them, and the service keeps answering', async () => {
      const marker = `marker${hex(8)}`;
      const garbage = `{"pattern": not json ${'y'.repeat(200)} ${marker}`;
      const linesBefore = fixture.lines().length;
      for (const channel of [score, scored]) {
        await sendRaw({ transport, tcpPort, queue }, channel, garbage, { traceparent: marker });
      }
      await expect(firstValueFrom(client().send(score, { rows: [2, 2] }))).resolves.toBe(4);
      // Whichever way the transport refuses it (Nest's TCP framing, NATS's JSON decoding, an
      // unrouted AMQP message nacked; Redis hands the text to the handler, which refuses it),
      // nothing of it becomes a series, a span attribute or a log line.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await (await fetch(`${base}/metrics`)).text()).not.toContain(marker);
      expect(spansText()).not.toContain(marker);
      const lines = fixture.lines().slice(linesBefore);
      expect(fixture.stdout()).not.toContain(marker);
      expect(lines.filter((l) => l.level === 'error').length).toBeLessThanOrEqual(2);
      expect(lines.filter((l) => l.level === 'fatal')).toEqual([]);
      expect(fixture.child.exitCode).toBeNull();
      expect(
        await count('rpc_server_duration_seconds', {
          rpc_system: transport,
          rpc_method: score,
          outcome: 'success',
        }),
      ).toBeGreaterThanOrEqual(1);
    });

    it('an oversized header is ignored (a fresh trace); valid context beside oversized or many headers is continued; the big value is nowhere', async () => {
      const marker = `big${hex(8)}`;
      // 60 000 characters: over any bound a carrier field gets, under what an AMQP header table holds.
      const huge = `${marker}${'x'.repeat(60_000)}`;
      const traceId = hex(16);
      const spanId = hex(8);
      const valid = `00-${traceId}-${spanId}-01`;
      const many: Record<string, string> = { traceparent: valid };
      for (let i = 0; i < 500; i++) many[`x-filler-${i}`] = `value-${i}`;
      const ids = {
        bigParent: `big-parent-${hex(3)}`,
        bigState: `big-state-${hex(3)}`,
        bigBaggage: `big-baggage-${hex(3)}`,
        many: `many-${hex(3)}`,
      };
      await foreignEvent(transport, ids.bigParent, { traceparent: `${valid}${huge}` });
      await foreignEvent(transport, ids.bigState, { traceparent: valid, tracestate: `a=${huge}` });
      await foreignEvent(transport, ids.bigBaggage, { traceparent: valid, baggage: `k=${huge}` });
      await foreignEvent(transport, ids.many, many);

      const fresh = await consumerOf(ids.bigParent);
      expect(fresh.traceId).not.toBe(traceId);
      expect(fresh.parentSpanId).toBe('');
      for (const id of [ids.bigState, ids.bigBaggage, ids.many]) {
        const continued = await consumerOf(id);
        expect(continued.traceId).toBe(traceId);
        expect(continued.parentSpanId).toBe(spanId);
      }
      expect(fixture.stdout()).not.toContain(marker);
      expect(spansText()).not.toContain(marker);
      expect(fixture.child.exitCode).toBeNull();
    });

    it('a forged or invalid traceparent starts a fresh trace, a valid one is continued: exactly as over HTTP (W3C)', async () => {
      const cases = traceparentCases(hex(16), hex(8));
      if (transport === 'nats') {
        // Headers sent twice: HTTP joins them into one invalid value, NATS must not pick one.
        const twice = [`00-${hex(16)}-${hex(8)}-01`, `00-${hex(16)}-${hex(8)}-01`];
        cases.push(['two traceparent headers', twice, false]);
      }
      for (const [what, traceparent, continues] of cases) {
        const values = typeof traceparent === 'string' ? [traceparent] : traceparent;
        const expectedTrace = values[0]?.split('-')[1]?.toLowerCase();
        const headers = new Headers();
        for (const value of values) headers.append('traceparent', value);
        const http = await fetch(`${base}/ping`, { headers });
        const httpTrace = (http.headers.get('traceresponse') ?? '').split('-')[1];
        const id = `forged-${hex(4)}`;
        await foreignEvent(transport, id, { traceparent });
        const consumer = await consumerOf(id);
        const verdicts = {
          what,
          http: httpTrace === expectedTrace,
          [transport]: consumer.traceId === expectedTrace && consumer.parentSpanId !== '',
        };
        expect(verdicts).toEqual({ what, http: continues, [transport]: continues });
      }
    });
  });
});
