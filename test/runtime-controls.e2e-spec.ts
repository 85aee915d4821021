import type { FixtureProcess } from './support/fixture-process';
import { startFixture } from './support/fixture-process';
import { waitFor } from './support/ports';

const TOKEN = 'management-token-0123456789abcdef';

describe('runtime controls on the management port', () => {
  let fixture: FixtureProcess;
  let app: string;
  let management: string;
  const auth = { authorization: `Bearer ${TOKEN}` };

  const lines = () => fixture.lines();
  const work = async () => expect((await fetch(`${app}/work`)).status).toBe(200);
  const debugLines = (context: string) =>
    lines().filter((l) => l.level === 'debug' && l.context === context).length;
  const send = (method: string, path: string, body?: unknown, headers: object = auth) =>
    fetch(`${management}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    fixture = await startFixture('runtime-controls', {
      MANAGEMENT_TOKEN: TOKEN,
      OTEL_TRACES_EXPORTER: 'none',
      LOG_LEVEL: '',
    });
    app = `http://127.0.0.1:${fixture.ports[0]}`;
    management = `http://127.0.0.1:${fixture.ports[1]}`;
  }, 60_000);

  afterAll(() => fixture.kill());

  it('refuses the controls and /metrics without the token, and serves the probes without it', async () => {
    expect((await send('GET', '/loggers', undefined, {})).status).toBe(401);
    expect((await send('PUT', '/loggers', { level: 'debug' }, {})).status).toBe(401);
    expect(
      (await send('GET', '/config', undefined, { authorization: 'Bearer wrong' })).status,
    ).toBe(401);
    expect((await send('GET', '/metrics', undefined, {})).status).toBe(401);
    expect((await send('GET', '/metrics')).status).toBe(200);
    expect((await send('GET', '/health', undefined, {})).status).toBe(200);
    expect((await send('GET', '/ready', undefined, {})).status).toBe(200);
  });

  it('reads the levels, and raises one context to debug for a while, then it reverts by itself', async () => {
    expect(await (await send('GET', '/loggers')).json()).toMatchObject({
      level: 'info',
      contexts: {},
      levels: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    });
    await work();
    expect(debugLines('Worker')).toBe(0);

    const set = await send('PUT', '/loggers/Worker', { level: 'DEBUG', expiresInSeconds: 1 });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({
      level: 'info',
      contexts: { Worker: { level: 'debug', expiresAt: expect.any(String) } },
    });
    await work();
    await waitFor('the worker debug line', async () => debugLines('Worker') === 1);
    expect(debugLines('Other')).toBe(0);
    expect(
      lines().some((l) => String(l.msg).includes('Log level of Worker set to debug for 1 s')),
    ).toBe(true);

    await new Promise((resolve) => setTimeout(resolve, 1300));
    await work();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(debugLines('Worker')).toBe(1);
    const levels = (await (await send('GET', '/loggers')).json()) as { contexts: object };
    expect(levels.contexts).toEqual({});
  });

  it('sets the global level, and clears a context of its own', async () => {
    expect((await send('PUT', '/loggers', { level: 'debug' })).status).toBe(200);
    await work();
    await waitFor('both debug lines', async () => debugLines('Other') === 1);
    expect((await send('PUT', '/loggers/Other', { level: 'warn' })).status).toBe(200);
    await work();
    await waitFor('the worker line', async () => debugLines('Worker') === 3);
    expect(debugLines('Other')).toBe(1);
    expect((await send('DELETE', '/loggers/Other')).status).toBe(200);
    expect((await send('DELETE', '/loggers/Other')).status).toBe(404);
    expect((await send('PUT', '/loggers', { level: 'info' })).status).toBe(200);
  });

  it.each([
    [{ level: 'loud' }, 'level', 'must be one of fatal, error, warn, info, debug, trace, silent'],
    [
      { level: 'info', expiresInSeconds: 0 },
      'expiresInSeconds',
      'must be a whole number of seconds from 1 to 86400',
    ],
    [{ level: 'info', expiresInSeconds: 1.5 }, 'expiresInSeconds', 'must be a whole number'],
    [{ level: 'info', sticky: true }, 'sticky', 'is not a field of this request'],
    ['{"level":', 'body', 'is not valid JSON'],
    [['debug'], 'body', 'must be a JSON object'],
  ])('answers %j with a 400 naming %s and the reason', async (body, field, reason) => {
    const answer = await send('PUT', '/loggers', body);
    expect(answer.status).toBe(400);
    const json = (await answer.json()) as { errors: { field: string; reason: string }[] };
    expect(json.errors).toEqual(
      expect.arrayContaining([{ field, reason: expect.stringContaining(reason) }]),
    );
  });

  it('refuses a context name that is not one', async () => {
    const answer = await send('PUT', `/loggers/${encodeURIComponent('a b<script>')}`, {
      level: 'debug',
    });
    expect(answer.status).toBe(400);
  });

  it('shows the effective configuration with its secrets redacted', async () => {
    const config = (await (await send('GET', '/config')).json()) as Record<string, unknown>;
    expect(config).toMatchObject({
      service: { name: 'runtime-controls-fixture' },
      options: { metrics: { auth: { bearerToken: '[REDACTED]' } } },
      // What the preload's SDK runs with, not the OTEL_* the fixture set after it started.
      telemetry: {
        running: true,
        traces: { exporters: [] },
        propagators: ['tracecontext', 'baggage'],
        metrics: { exporters: ['prometheus'] },
      },
    });
    expect(JSON.stringify(config)).not.toContain(TOKEN);
  });
});
