import type { Socket } from 'node:net';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP server that accepts connections and never answers: what a hung database or Redis looks
 * like to a client. Counts the connections open at any moment.
 */
export class SilentServer {
  private readonly sockets = new Set<Socket>();
  private readonly server = createServer((socket) => {
    this.sockets.add(socket);
    socket.on('error', () => undefined);
    // Read and drop what clients send (a paused socket would never see their close), never answer.
    socket.resume();
    socket.on('close', () => this.sockets.delete(socket));
  });

  /** Connections open now. */
  get openConnections(): number {
    return this.sockets.size;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  static async start(): Promise<SilentServer> {
    const silent = new SilentServer();
    await new Promise<void>((resolve) => silent.server.listen(0, '127.0.0.1', resolve));
    return silent;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
