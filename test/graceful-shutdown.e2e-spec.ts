import type { ChildProcess } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { freePort, waitFor } from './support/ports';
import { spawnSample } from './support/sample-process';

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
