import type { WireFields } from './protobuf-wire';
import { messages, readFields, scalar, text } from './protobuf-wire';
import type { OtlpValue } from './otlp-receiver';
import { decodeAttributes } from './otlp-receiver';

/** One data point of a received metric: a number, or a histogram's buckets. */
export interface ReceivedPoint {
  readonly attributes: Record<string, OtlpValue>;
  readonly startNanos: bigint;
  readonly timeNanos: bigint;
  readonly value?: number;
  readonly histogram?: {
    readonly count: number;
    readonly sum: number;
    readonly bounds: number[];
    readonly counts: number[];
  };
}

/** One metric as a collector receives it, decoded from an OTLP `ExportMetricsServiceRequest`. */
export interface ReceivedMetric {
  readonly name: string;
  readonly description: string;
  readonly kind: 'gauge' | 'sum' | 'histogram' | 'other';
  readonly monotonic: boolean;
  /** 1 delta, 2 cumulative (0 for gauges). */
  readonly temporality: number;
  readonly points: ReceivedPoint[];
  readonly resource: Record<string, OtlpValue>;
}

const double = (bits: bigint | undefined): number => {
  if (bits === undefined) return 0;
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, bits, true);
  return view.getFloat64(0, true);
};

/** Packed repeated fixed64 (bucket counts) or double (bounds) values of `field`. */
function packed(fields: WireFields, field: number, as: 'u64' | 'double'): number[] {
  const out: number[] = [];
  for (const chunk of fields.get(field) ?? []) {
    if (typeof chunk === 'bigint') {
      out.push(as === 'u64' ? Number(chunk) : double(chunk));
      continue;
    }
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    for (let at = 0; at + 8 <= chunk.byteLength; at += 8) {
      out.push(as === 'u64' ? Number(view.getBigUint64(at, true)) : view.getFloat64(at, true));
    }
  }
  return out;
}

function numberPoint(fields: WireFields): ReceivedPoint {
  const asDouble = scalar(fields, 4);
  const asInt = scalar(fields, 6);
  return {
    attributes: decodeAttributes(messages(fields, 7)),
    startNanos: scalar(fields, 2) ?? 0n,
    timeNanos: scalar(fields, 3) ?? 0n,
    value: asDouble !== undefined ? double(asDouble) : Number(BigInt.asIntN(64, asInt ?? 0n)),
  };
}

function histogramPoint(fields: WireFields): ReceivedPoint {
  return {
    attributes: decodeAttributes(messages(fields, 9)),
    startNanos: scalar(fields, 2) ?? 0n,
    timeNanos: scalar(fields, 3) ?? 0n,
    histogram: {
      count: Number(scalar(fields, 4) ?? 0n),
      sum: double(scalar(fields, 5)),
      counts: packed(fields, 6, 'u64'),
      bounds: packed(fields, 7, 'double'),
    },
  };
}

/** Decodes an OTLP/HTTP protobuf `ExportMetricsServiceRequest`. */
export function decodeMetricsRequest(body: Uint8Array): ReceivedMetric[] {
  const out: ReceivedMetric[] = [];
  for (const resourceMetrics of messages(readFields(body), 1).map(readFields)) {
    const resourceBytes = messages(resourceMetrics, 1)[0];
    const resource =
      resourceBytes === undefined ? {} : decodeAttributes(messages(readFields(resourceBytes), 1));
    for (const scopeMetrics of messages(resourceMetrics, 2).map(readFields)) {
      for (const metric of messages(scopeMetrics, 2).map(readFields)) {
        const base = { name: text(metric, 1), description: text(metric, 2), resource };
        const gauge = messages(metric, 5)[0];
        const sum = messages(metric, 7)[0];
        const histogram = messages(metric, 9)[0];
        if (gauge !== undefined) {
          const g = readFields(gauge);
          out.push({
            ...base,
            kind: 'gauge',
            monotonic: false,
            temporality: 0,
            points: messages(g, 1).map((p) => numberPoint(readFields(p))),
          });
        } else if (sum !== undefined) {
          const s = readFields(sum);
          out.push({
            ...base,
            kind: 'sum',
            monotonic: scalar(s, 3) === 1n,
            temporality: Number(scalar(s, 2) ?? 0n),
            points: messages(s, 1).map((p) => numberPoint(readFields(p))),
          });
        } else if (histogram !== undefined) {
          const h = readFields(histogram);
          out.push({
            ...base,
            kind: 'histogram',
            monotonic: false,
            temporality: Number(scalar(h, 2) ?? 0n),
            points: messages(h, 1).map((p) => histogramPoint(readFields(p))),
          });
        } else out.push({ ...base, kind: 'other', monotonic: false, temporality: 0, points: [] });
      }
    }
  }
  return out;
}
