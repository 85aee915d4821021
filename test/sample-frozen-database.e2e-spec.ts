import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FLOWERS, startApp, uniqueFlower } from './support/app';
import type { TestApp } from './support/app';
import { waitFor } from './support/ports';
import { steadyLoad } from './support/steady-load';
import type { SteadyLoad } from './support/steady-load';
import { PrivatePostgres, queryRows } from './support/postgres';

/** The readiness check's timeout (health.timeoutMs, default 1 s): the budget of a statement. */
const BUDGET_MS = 1_000;
/** What a busy 2-core machine may add to it: scheduling, the event loop, the HTTP round trip. */
const SLACK_MS = 1_000;

/** The postmaster and every backend of `pg`: stopping them all freezes the server mid-flight. */
function serverPids(pg: PrivatePostgres): number[] {
  const postmaster = Number(
    readFileSync(join(pg.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0],
  );
  let children: number[] = [];
  try {
    children = execFileSync('pgrep', ['-P', String(postmaster)], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l !== '')
      .map(Number);
  } catch {
    // no backend yet
  }
  return [postmaster, ...children];
}

const signal = (pids: number[], name: NodeJS.Signals) => {
  for (const pid of pids) {
    try {
      process.kill(pid, name);
    } catch {
      // a backend that exited meanwhile
    }
  }
};

/** One request of the load: when it started, how long it took, what it got. */
interface Answer {
  readonly startedAt: number;
  readonly ms: number;
  readonly status: number;
  readonly outcome?: string;
  readonly key: string;
  readonly flower: Record<string, number>;
}

/** `workers` loops posting new flowers, each with its own Idempotency-Key, until stopped. */
function startLoad(url: string, workers: number): SteadyLoad<Answer> {
  return steadyLoad(workers, async () => {
    const key = randomUUID();
    const flower = uniqueFlower();
    const startedAt = performance.now();
    const res = await fetch(`${url}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify(flower),
    });
    const body = (await res.json()) as { outcome?: string };
    const ms = performance.now() - startedAt;
    return { startedAt, ms, status: res.status, outcome: body.outcome, key, flower };
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const rowsWithKey = async (url: string, key: string) =>
  Number(
    (
      await queryRows<{ n: string }>(
        url,
        `SELECT count(*) AS n FROM predictions WHERE idempotency_key = '${key}'`,
      )
    )[0]?.n,
  );

describe('a frozen PostgreSQL (SIGSTOP on every server process)', () => {
  let pg: PrivatePostgres;
  let frozen: number[] = [];
  let t: TestApp;
  let url: string;

  beforeAll(async () => {
    pg = await PrivatePostgres.create();
    t = await startApp({ DATABASE_URL: pg.url });
    url = await t.app.getUrl();
  }, 60_000);
  afterEach(() => signal(frozen, 'SIGCONT'));
  afterAll(async () => {
    await t?.close();
    await pg?.destroy();
  });

  const freeze = () => {
    frozen = serverPids(pg);
    signal(frozen, 'SIGSTOP');
  };
  const thaw = () => signal(frozen, 'SIGCONT');
  const recovered = () =>
    waitFor('predictions to be recorded again', async () => {
      const res = await t.http.post('/predict').send(uniqueFlower());
      return res.status === 200;
    });

  it('answers 503 within the readiness timeout under load, then at once; nothing waits seconds', async () => {
    const load = startLoad(url, 4);
    await sleep(500);
    const frozenAt = performance.now();
    freeze();
    await sleep(3_000);
    const thawedAt = performance.now();
    thaw();
    await recovered();
    const answers = await load.stop();

    const duringFreeze = answers.filter((a) => a.startedAt >= frozenAt && a.startedAt < thawedAt);
    expect(duringFreeze.length).toBeGreaterThan(0);
    expect(duringFreeze.filter((a) => a.status !== 503)).toEqual([]);
    // Every answer within the budget plus slack, including those in flight at the freeze.
    const slowest = Math.max(...answers.map((a) => a.ms));
    expect(slowest).toBeLessThan(BUDGET_MS + SLACK_MS);
    // Once the database is known down, requests do not wait at all.
    const waited = duringFreeze.filter((a) => a.ms >= BUDGET_MS / 2);
    expect(waited.length).toBeLessThanOrEqual(8);
    // Each answer says what is known: not recorded, or unknown (sent, never confirmed).
    for (const a of duringFreeze) expect(['not_recorded', 'unknown']).toContain(a.outcome);

    // Whatever each client was told, a retry with its key leaves exactly one row per key: every
    // unknown outcome is retried, and the first 20 answers that said nothing was recorded.
    const unknown = answers.filter((x) => x.outcome === 'unknown');
    const notRecorded = answers.filter((x) => x.outcome === 'not_recorded').slice(0, 20);
    for (const a of [...unknown, ...notRecorded]) {
      const retry = await t.http.post('/predict').set('Idempotency-Key', a.key).send(a.flower);
      expect(retry.status).toBe(200);
      expect(await rowsWithKey(pg.url, a.key)).toBe(1);
    }
  }, 60_000);

  it('says a write that timed out may be recorded; the retry with its key answers it, stored once', async () => {
    await recovered();
    const key = randomUUID();
    freeze();
    const started = performance.now();
    // The pool holds connections to the frozen server: the INSERT is sent and never answered.
    const res = await t.http.post('/predict').set('Idempotency-Key', key).send(FLOWERS.setosa);
    const ms = performance.now() - started;
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ outcome: 'unknown' });
    expect(res.body.message).toContain('Retry with the same Idempotency-Key');
    expect(ms).toBeLessThan(BUDGET_MS + SLACK_MS);

    thaw();
    // The frozen backend still had the INSERT in its socket: it commits it when it resumes.
    await waitFor('the unconfirmed write to be committed', async () => {
      return (await rowsWithKey(pg.url, key)) === 1;
    });
    let retry = await t.http.post('/predict').set('Idempotency-Key', key).send(FLOWERS.setosa);
    await waitFor('the retry to be answered', async () => {
      retry = await t.http.post('/predict').set('Idempotency-Key', key).send(FLOWERS.setosa);
      return retry.status === 200;
    });
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body.prediction).toBe('setosa');
    expect(await rowsWithKey(pg.url, key)).toBe(1);
  }, 60_000);
});
