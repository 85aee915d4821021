import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { freePort, waitFor } from './ports';
import { killChild } from './child-process';

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('data', () => {
      socket.destroy();
      resolve(true); // NATS greets every client with its INFO line
    });
    socket.once('error', () => resolve(false));
  });
}

/** A NATS server of the test's own on a free port, which the test may kill and start again. */
export class PrivateNats {
  private child: ChildProcess | undefined;
  private constructor(readonly port: number) {}

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<PrivateNats> {
    const nats = new PrivateNats(await freePort());
    await nats.restart();
    return nats;
  }

  /** Starts the server (again) on its port and waits until it greets a client. */
  async restart(): Promise<void> {
    this.child = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(this.port)], {
      stdio: 'ignore',
    });
    await waitFor(`private NATS on ${this.port}`, () => accepts(this.port));
  }

  /** Kills the server (SIGKILL) and waits for it to exit. */
  kill(): Promise<void> {
    return killChild(this.child);
  }
}
