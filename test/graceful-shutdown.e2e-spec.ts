import type { ChildProcess } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { freePort, waitFor } from './support/ports';
import { Module } from '@nestjs/common';
import { ObservabilityModule } from 'nestjs-observability';
import { startNestApp } from './support/nest-app';
import { spawnPreloaded, spawnSample } from './support/sample-process';

const DRAIN_MS = 1500;
const DEADLINE_MS = 8000;

/** One GET on a keep-alive agent: the status, or 0 when the request failed. */
function get(port: number, path: string, agent?: Agent): Promise<number> {
  return new Promise((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', () => resolve(0));
    req.end();
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('graceful shutdown of the sample service (a real process under load)', () => {
  let child: ChildProcess;
  let port: number;
  let exit: Promise<{ code: number | null; at: number }>;

  beforeAll(async () => {
    port = await freePort();
    child = spawnSample(port, {
      SHUTDOWN_DRAIN_MS: String(DRAIN_MS),
      SHUTDOWN_TIMEOUT_MS: String(DEADLINE_MS),
    });
    exit = new Promise((resolve) =>
      child.once('exit', (code) => resolve({ code, at: performance.now() })),
    );
    await waitFor(
      'the service to be ready',
      async () => (await get(port, '/ready')) === 200,
      30_000,
    );
  }, 40_000);

  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('fails readiness at once, keeps serving through the drain, loses no request and exits 0 in time', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    const statuses: number[] = [];
    let routing = true; // the load balancer: routes until it has seen readiness fail, plus a delay
    const load = Promise.all(
      Array.from({ length: 4 }, async () => {
        while (routing) {
          statuses.push(await get(port, '/model', agent));
          await sleep(10);
        }
      }),
    );
    await sleep(300);
    const signalled = performance.now();
    child.kill('SIGTERM');
    await sleep(100);
    const [ready, live] = await Promise.all([get(port, '/ready'), get(port, '/health')]);
    expect(ready).toBe(503);
    expect(live).toBe(200);
    // The endpoints controller and load balancer take a while to notice: keep routing for most of the drain.
    await sleep(DRAIN_MS - 500);
    expect(await get(port, '/health')).toBe(200);
    routing = false;
    await load;
    const { code, at } = await exit;
    agent.destroy();
    expect(statuses.length).toBeGreaterThan(50);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(code).toBe(0);
    expect(at - signalled).toBeGreaterThanOrEqual(DRAIN_MS);
    expect(at - signalled).toBeLessThan(DEADLINE_MS);
  }, 30_000);
});

/** What one client request of the drain test came to. */
interface Outcome {
  readonly status: number;
  /** The error code when there was no answer (ECONNREFUSED, ECONNRESET, ...). */
  readonly error?: string;
  readonly connection?: string;
  readonly startedAt: number;
}

function work(port: number, agent: Agent): Promise<Outcome> {
  const startedAt = performance.now();
  return new Promise((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/work', agent }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, startedAt }),
      );
      res.on('error', (e: NodeJS.ErrnoException) =>
        resolve({ status: 0, error: e.code ?? e.message, startedAt }),
      );
    });
    req.on('error', (e: NodeJS.ErrnoException) =>
      resolve({ status: 0, error: e.code ?? e.message, startedAt }),
    );
    req.end();
  });
}

describe.each(['express', 'fastify'])(
  'graceful shutdown on %s with 20 keep-alive clients that never stop sending',
  (adapter) => {
    it('closes every connection after its current answer and exits 0 soon after the drain, losing no accepted request', async () => {
      const child: ChildProcess = spawnPreloaded(
        join(__dirname, 'fixtures', 'drain-app.fixture.ts'),
        [],
        { ADAPTER: adapter, DRAIN_MS: String(DRAIN_MS), DEADLINE_MS: String(DEADLINE_MS) },
        ['ignore', 'ignore', 'inherit', 'pipe'],
      );
      let fd3 = '';
      (child.stdio[3] as NodeJS.ReadableStream).on('data', (d: Buffer) => (fd3 += String(d)));
      const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
        child.once('exit', (code) => resolve({ code, at: performance.now() })),
      );
      try {
        await waitFor('the fixture port', async () => fd3.includes('\n'), 30_000);
        const port = Number(fd3.split('\n')[0]);
        const agent = new Agent({ keepAlive: true, maxSockets: 20 });
        const outcomes: Outcome[] = [];
        let sending = true;
        const clients = Array.from({ length: 20 }, async () => {
          while (sending) {
            const outcome = await work(port, agent);
            outcomes.push(outcome);
            if (outcome.status === 0) await sleep(5);
          }
        });
        await sleep(500);
        const signalled = performance.now();
        child.kill('SIGTERM');
        const { code, at } = await exited;
        // The load goes on after the exit, as clients that have not noticed yet would.
        await sleep(300);
        sending = false;
        await Promise.all(clients);
        agent.destroy();

        expect(code).toBe(0);
        expect(at - signalled).toBeGreaterThanOrEqual(DRAIN_MS);
        expect(at - signalled).toBeLessThan(DRAIN_MS + 3000);
        const counts = JSON.parse(fd3.trim().split('\n').at(-1) as string) as {
          accepted: number;
          answered: number;
          lost: number;
        };
        // Every request the service accepted was answered, and every answer reached its client.
        expect(counts.lost).toBe(0);
        expect(counts.answered).toBe(counts.accepted);
        const answered = outcomes.filter((o) => o.status === 200);
        expect(answered.length).toBe(counts.answered);
        expect(outcomes.filter((o) => o.status !== 200 && o.status !== 0)).toEqual([]);
        // From the signal on, answers ask the client to close its connection.
        const afterSignal = answered.filter((o) => o.startedAt > signalled + 50);
        expect(afterSignal.length).toBeGreaterThan(20);
        expect(afterSignal.every((o) => o.connection === 'close')).toBe(true);
        expect(outcomes.some((o) => o.startedAt > at)).toBe(true);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    }, 40_000);
  },
);

describe('the shutdown deadline', () => {
  it('is cancelled by a shutdown that finished in time: a process that lives on is never exited', async () => {
    @Module({
      imports: [
        ObservabilityModule.forRoot({
          serviceName: 'deadline-e2e',
          health: { drainDelayMs: 0, shutdownTimeoutMs: 300 },
        }),
      ],
    })
    class DeadlineModule {}
    const app = await startNestApp(DeadlineModule);
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    try {
      // What enableShutdownHooks does on SIGTERM, without ending this test process.
      // NestApplication.close takes the signal; @nestjs/common's interface does not declare it.
      await (app as unknown as { close(signal?: string): Promise<void> }).close('SIGTERM');
      await sleep(600);
      expect(exit).not.toHaveBeenCalled();
    } finally {
      exit.mockRestore();
    }
  });
});
