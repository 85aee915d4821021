import type { Http2Server, ServerHttp2Stream } from 'node:http2';
import { createServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { ReceivedSpan } from './otlp-receiver';
import { decodeTraceRequest } from './otlp-receiver';

const TRACES = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

/**
 * An OTLP/gRPC traces endpoint in the test process: gRPC over HTTP/2 without TLS, at the protocol
 * boundary (the message framing, the trailers), with the real exporter on the other side.
 */
export class OtlpGrpcReceiver {
  readonly spans: ReceivedSpan[] = [];
  private readonly server: Http2Server = createServer();

  private constructor() {
    this.server.on('stream', (stream: ServerHttp2Stream, headers) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const body = Buffer.concat(chunks);
        if (headers[':path'] === TRACES && body.length >= 5) {
          // gRPC framing: 1 byte compressed flag, 4 bytes big-endian length, the message.
          this.spans.push(...decodeTraceRequest(body.subarray(5, 5 + body.readUInt32BE(1))));
        }
        stream.respond(
          { ':status': 200, 'content-type': 'application/grpc+proto' },
          { waitForTrailers: true },
        );
        stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
        stream.end(Buffer.from([0, 0, 0, 0, 0]));
      });
    });
  }

  static async start(): Promise<OtlpGrpcReceiver> {
    const receiver = new OtlpGrpcReceiver();
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  /** The URL, as OTEL_EXPORTER_OTLP_ENDPOINT takes it for grpc. */
  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
