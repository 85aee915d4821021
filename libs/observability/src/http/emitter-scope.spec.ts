import { createServer, get, IncomingMessage } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { context, createContextKey, ROOT_CONTEXT } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { installEmitterScopes, runEventsIn } from './emitter-scope';

const KEY = createContextKey('emitter-scope.spec');

/** What each listener saw as the active scope, by event. */
type Seen = Record<string, unknown>;

/**
 * A server that gives each request the scope `request <url>` (or none when `scoped` is false),
 * and records, per event of the request and its response, the scope its listener ran in.
 */
async function recordingServer(scoped: boolean, seen: Seen): Promise<Server> {
  const server = createServer((req, res) => {
    const scope = ROOT_CONTEXT.setValue(KEY, `request ${req.url}`);
    if (scoped) runEventsIn(scope, req, res);
    context.with(scope, () => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
        seen[`data ${body.length}`] = context.active().getValue(KEY);
      });
      req.on('end', () => {
        seen.end = context.active().getValue(KEY);
        res.on('finish', () => (seen.finish = context.active().getValue(KEY)));
        res.end(body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** POSTs `abcdef` in two writes, 100 ms apart, and resolves with the response. */
function postInTwoParts(server: Server): Promise<string> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let raw = '';
    socket.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    socket.on('end', () => resolve(raw));
    socket.on('error', reject);
    socket.write(
      'POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\nConnection: close\r\n\r\nabc',
    );
    setTimeout(() => socket.write('def'), 100);
  });
}

describe('runEventsIn', () => {
  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    installEmitterScopes();
  });
  afterAll(() => context.disable());

  it("runs a request's later body chunks, its end and its response's finish in the request's scope", async () => {
    const seen: Seen = {};
    const server = await recordingServer(true, seen);
    try {
      expect(await postInTwoParts(server)).toContain('abcdef');
      expect(seen).toEqual({
        'data 3': 'request /a',
        'data 6': 'request /a',
        end: 'request /a',
        finish: 'request /a',
      });
    } finally {
      server.close();
    }
  });

  it('without it, Node runs a chunk that arrives later outside the request (what it fixes)', async () => {
    const seen: Seen = {};
    const server = await recordingServer(false, seen);
    try {
      await postInTwoParts(server);
      expect(seen['data 6']).toBeUndefined();
      expect(seen.end).toBeUndefined();
    } finally {
      server.close();
    }
  });

  it("leaves other messages' events alone: a client's response runs its listeners where they are emitted", async () => {
    const server = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const seen = await context.with(ROOT_CONTEXT.setValue(KEY, 'caller'), () => {
        return new Promise<unknown>((resolve) => {
          get({ port, host: '127.0.0.1', path: '/' }, (res: IncomingMessage) => {
            context.with(ROOT_CONTEXT.setValue(KEY, 'inside'), () =>
              res.on('end', () => resolve(context.active().getValue(KEY))),
            );
            res.resume();
          });
        });
      });
      // No scope was given to this response: its `end` runs where Node emits it, as without the SDK.
      expect(seen).toBe('caller');
    } finally {
      server.close();
    }
  });

  it('installs once, however often it is called', () => {
    const { emit } = IncomingMessage.prototype;
    installEmitterScopes();
    expect(IncomingMessage.prototype.emit).toBe(emit);
  });
});
