import type { IncomingMessage, Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WireFields } from './protobuf-wire';
import { hex, messages, readFields, scalar, text } from './protobuf-wire';
import type { ReceivedMetric } from './otlp-metrics';
import { decodeMetricsRequest } from './otlp-metrics';

/** An attribute value as OTLP carries it, decoded to JavaScript. */
export type OtlpValue = string | number | boolean | OtlpValue[] | undefined;

/** One span as a collector would receive it, decoded from the exporter's request. */
export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  readonly kind: number;
  readonly startNanos: bigint;
  readonly endNanos: bigint;
  readonly attributes: Record<string, OtlpValue>;
  readonly events: { readonly name: string; readonly attributes: Record<string, OtlpValue> }[];
  /** OTLP StatusCode: 0 unset, 1 ok, 2 error. */
  readonly status: { readonly code: number; readonly message: string };
  readonly resource: Record<string, OtlpValue>;
  readonly scope: string;
}

function anyValue(fields: WireFields): OtlpValue {
  if (fields.has(1)) return text(fields, 1);
  if (fields.has(2)) return scalar(fields, 2) === 1n;
  if (fields.has(3)) return Number(BigInt.asIntN(64, scalar(fields, 3) ?? 0n));
  if (fields.has(4)) {
    const bits = scalar(fields, 4) ?? 0n;
    const view = new DataView(new ArrayBuffer(8));
    view.setBigUint64(0, bits, true);
    return view.getFloat64(0, true);
  }
  if (fields.has(5)) {
    const array = readFields(messages(fields, 5)[0] as Uint8Array);
    return messages(array, 1).map((v) => anyValue(readFields(v)));
  }
  return undefined;
}

/** Decodes a list of OTLP `KeyValue` messages. */
export function decodeAttributes(list: Uint8Array[]): Record<string, OtlpValue> {
  const out: Record<string, OtlpValue> = {};
  for (const kv of list.map(readFields)) {
    const value = messages(kv, 2)[0];
    out[text(kv, 1)] = value === undefined ? undefined : anyValue(readFields(value));
  }
  return out;
}

/** Decodes an OTLP/HTTP protobuf `ExportTraceServiceRequest`. */
export function decodeTraceRequest(body: Uint8Array): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const resourceSpans of messages(readFields(body), 1).map(readFields)) {
    const resourceBytes = messages(resourceSpans, 1)[0];
    const resource =
      resourceBytes === undefined ? {} : decodeAttributes(messages(readFields(resourceBytes), 1));
    for (const scopeSpans of messages(resourceSpans, 2).map(readFields)) {
      const scopeBytes = messages(scopeSpans, 1)[0];
      const scope = scopeBytes === undefined ? '' : text(readFields(scopeBytes), 1);
      for (const span of messages(scopeSpans, 2).map(readFields)) {
        const statusBytes = messages(span, 15)[0];
        const status = statusBytes === undefined ? new Map() : readFields(statusBytes);
        spans.push({
          traceId: hex(span, 1),
          spanId: hex(span, 2),
          parentSpanId: hex(span, 4),
          name: text(span, 5),
          kind: Number(scalar(span, 6) ?? 0n),
          startNanos: scalar(span, 7) ?? 0n,
          endNanos: scalar(span, 8) ?? 0n,
          attributes: decodeAttributes(messages(span, 9)),
          events: messages(span, 11)
            .map(readFields)
            .map((e) => ({ name: text(e, 2), attributes: decodeAttributes(messages(e, 3)) })),
          status: { code: Number(scalar(status, 3) ?? 0n), message: text(status, 2) },
          resource,
          scope,
        });
      }
    }
  }
  return spans;
}

interface JsonKeyValue {
  key: string;
  value: Record<string, unknown>;
}

function jsonValue(value: Record<string, unknown>): OtlpValue {
  if ('stringValue' in value) return value.stringValue as string;
  if ('boolValue' in value) return value.boolValue as boolean;
  if ('intValue' in value) return Number(value.intValue);
  if ('doubleValue' in value) return Number(value.doubleValue);
  if ('arrayValue' in value) {
    const values = (value.arrayValue as { values?: Record<string, unknown>[] }).values ?? [];
    return values.map(jsonValue);
  }
  return undefined;
}

const jsonAttributes = (list: JsonKeyValue[] | undefined) =>
  Object.fromEntries((list ?? []).map((kv) => [kv.key, jsonValue(kv.value)]));

/** Decodes an OTLP/HTTP JSON `ExportTraceServiceRequest` (ids in hex, as the exporter sends them). */
export function decodeJsonTraceRequest(body: string): ReceivedSpan[] {
  const request = JSON.parse(body) as {
    resourceSpans?: {
      resource?: { attributes?: JsonKeyValue[] };
      scopeSpans?: {
        scope?: { name?: string };
        spans?: {
          traceId: string;
          spanId: string;
          parentSpanId?: string;
          name: string;
          kind?: number;
          startTimeUnixNano: string | number;
          endTimeUnixNano: string | number;
          attributes?: JsonKeyValue[];
          events?: { name: string; attributes?: JsonKeyValue[] }[];
          status?: { code?: number; message?: string };
        }[];
      }[];
    }[];
  };
  return (request.resourceSpans ?? []).flatMap((rs) =>
    (rs.scopeSpans ?? []).flatMap((ss) =>
      (ss.spans ?? []).map((s) => ({
        traceId: s.traceId,
        spanId: s.spanId,
        parentSpanId: s.parentSpanId ?? '',
        name: s.name,
        kind: s.kind ?? 0,
        startNanos: BigInt(s.startTimeUnixNano),
        endNanos: BigInt(s.endTimeUnixNano),
        attributes: jsonAttributes(s.attributes),
        events: (s.events ?? []).map((e) => ({
          name: e.name,
          attributes: jsonAttributes(e.attributes),
        })),
        status: { code: s.status?.code ?? 0, message: s.status?.message ?? '' },
        resource: jsonAttributes(rs.resource?.attributes),
        scope: ss.scope?.name ?? '',
      })),
    ),
  );
}

/** One log record as a collector would receive it (OTLP/HTTP JSON). */
export interface ReceivedLog {
  readonly severityText: string;
  readonly severityNumber: number;
  readonly body: OtlpValue;
  readonly attributes: Record<string, OtlpValue>;
  readonly traceId: string;
  readonly spanId: string;
  readonly resource: Record<string, OtlpValue>;
}

/** Decodes an OTLP/HTTP JSON `ExportLogsServiceRequest`. */
export function decodeJsonLogsRequest(body: string): ReceivedLog[] {
  const request = JSON.parse(body) as {
    resourceLogs?: {
      resource?: { attributes?: JsonKeyValue[] };
      scopeLogs?: {
        logRecords?: {
          severityText?: string;
          severityNumber?: number;
          body?: Record<string, unknown>;
          attributes?: JsonKeyValue[];
          traceId?: string;
          spanId?: string;
        }[];
      }[];
    }[];
  };
  return (request.resourceLogs ?? []).flatMap((rl) =>
    (rl.scopeLogs ?? []).flatMap((sl) =>
      (sl.logRecords ?? []).map((r) => ({
        severityText: r.severityText ?? '',
        severityNumber: r.severityNumber ?? 0,
        body: r.body === undefined ? undefined : jsonValue(r.body),
        attributes: jsonAttributes(r.attributes),
        traceId: r.traceId ?? '',
        spanId: r.spanId ?? '',
        resource: jsonAttributes(rl.resource?.attributes),
      })),
    ),
  );
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * An OTLP/HTTP traces endpoint in the test process: no collector binary exists here, so tests
 * receive the real exporter's bytes themselves (protobuf or JSON) and decode them.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  /** Log records received on `/v1/logs` (OTLP/HTTP JSON only). */
  readonly logs: ReceivedLog[] = [];
  /** Metrics received on `/v1/metrics` (OTLP/HTTP protobuf), one entry per metric per push. */
  readonly metrics: ReceivedMetric[] = [];
  readonly requests: { contentType: string; headers: IncomingMessage['headers'] }[] = [];
  private readonly server: Server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const contentType = req.headers['content-type'] ?? '';
      this.requests.push({ contentType, headers: req.headers });
      if (req.url === '/v1/logs' && contentType.includes('json')) {
        this.logs.push(...decodeJsonLogsRequest(body.toString('utf8')));
        return void res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      }
      if (req.url === '/v1/metrics' && !contentType.includes('json')) {
        this.metrics.push(...decodeMetricsRequest(body));
        return void res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      }
      if (req.url !== '/v1/traces') return void res.writeHead(404).end();
      this.spans.push(
        ...(contentType.includes('json')
          ? decodeJsonTraceRequest(body.toString('utf8'))
          : decodeTraceRequest(body)),
      );
      res.writeHead(200, {
        'content-type': contentType.includes('json')
          ? 'application/json'
          : 'application/x-protobuf',
      });
      res.end(contentType.includes('json') ? '{}' : undefined);
    });
  });

  static async start(): Promise<OtlpReceiver> {
    const receiver = new OtlpReceiver();
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  /** The base URL, as OTEL_EXPORTER_OTLP_ENDPOINT takes it. */
  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
