import { freePort, waitFor } from './support/ports';
import { PrivatePostgres } from './support/postgres';
import { PrivateRedis } from './support/redis';
import { spawnSample } from './support/sample-process';
import { TracedSample } from './support/traced-sample';

/** Passwords put in the connection settings, in every place a URL can hold one. */
const CANARY = {
  databaseUser: 'CANARYpgpass3f1',
  databaseQuery: 'CANARYpgquery7a2',
  redisUser: 'CANARYredispass5c8',
  databaseQueryPassword: 'CANARYpgqpass8b3',
  configUser: 'CANARYcfgpass1d4',
  configQuery: 'CANARYcfgquery9e6',
  configSlash: 'CANARYcfg/slash2f7',
};

/** Each canary found in `text`, also in part: a redaction that stopped at a `/` leaks the rest. */
const leaked = (text: string) =>
  Object.values(CANARY)
    .flatMap((c) => c.split('/'))
    .filter((c) => text.includes(c));

describe('connection settings never appear in what the service writes', () => {
  it('not while its database and cache are down at boot, failing, and coming back', async () => {
    const pg = await PrivatePostgres.create();
    const redis = await PrivateRedis.start();
    await pg.kill();
    await redis.kill();
    // The server trusts local connections: a password in the URL is accepted and ignored.
    const databaseUrl = new URL(pg.url);
    databaseUrl.password = CANARY.databaseUser;
    databaseUrl.searchParams.set('application_name', CANARY.databaseQuery);
    // A password passed as a query parameter (node-postgres reads it from there too).
    databaseUrl.searchParams.set('password', CANARY.databaseQueryPassword);
    const redisUrl = new URL(redis.url);
    redisUrl.password = CANARY.redisUser;
    const sample = await TracedSample.start({
      DATABASE_URL: databaseUrl.toString(),
      REDIS_URL: redisUrl.toString(),
      LOG_LEVEL: 'trace',
    });
    try {
      await waitFor('a retry logged', async () =>
        sample.logs().some((l) => String(l.msg).startsWith('Cannot prepare the prediction store')),
      );
      await fetch(`${sample.url}/ready`);
      expect((await sample.post('/predict', { sepalLength: 1 })).status).toBe(400);
      expect((await sample.post('/predict/batch', { rows: [] })).status).toBe(400);
      await pg.start();
      // Redis stays down: the cache's failures are logged too.
      await waitFor(
        'the store',
        async () => sample.output.includes('Prediction store ready'),
        30_000,
      );
      const flower = { sepalLength: 5.1, sepalWidth: 3.5, petalLength: 1.4, petalWidth: 0.2 };
      expect((await sample.post('/predict', flower)).status).toBe(200);
      expect(sample.output).toContain('Feature cache');
      expect(leaked(sample.output + sample.errors)).toEqual([]);
    } finally {
      await sample.kill();
      await pg.destroy();
    }
  }, 90_000);

  it.each([
    [
      'DATABASE_URL',
      'mysql',
      `mysql://app:${CANARY.configUser}@db/x?password=${CANARY.configQuery}`,
      'postgres://',
    ],
    // A password holding `/` makes the URL unparseable: it ends the authority early.
    ['DATABASE_URL', 'postgres', `postgres://app:${CANARY.configSlash}@db:5432/x`, 'postgres://'],
    ['REDIS_URL', 'redis', `redis://:${CANARY.configSlash}@cache:6379/0`, 'redis://'],
  ])(
    'not when %s is an invalid %s URL and startup stops',
    async (name, scheme, value, fix) => {
      const child = spawnSample(await freePort(), { [name]: value, LOG_LEVEL: 'info' }, 'pipe');
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(1);
      expect(output).toContain(`${name}=<a ${scheme}: URL; not shown, as it may hold a password>`);
      expect(output).toContain(`Fix: set it like ${fix}`);
      expect(leaked(output)).toEqual([]);
      // Every line is JSON; the failure is one fatal line with the error's type, message and stack.
      const lines = output
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      const fatal = lines.filter((line) => line.level === 'fatal');
      expect(fatal).toEqual([
        expect.objectContaining({
          // Before the configuration is read, the service is OTEL_SERVICE_NAME or OpenTelemetry's default.
          service: expect.any(String),
          msg: expect.stringContaining(`${name}=<a ${scheme}: URL`),
          err: expect.objectContaining({
            type: 'AppConfigError',
            stack: expect.stringContaining('    at '),
          }),
        }),
      ]);
    },
    60_000,
  );
});
