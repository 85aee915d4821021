import { AppConfigError, describeUrl, loadAppConfig } from './app-config';

function problem(env: NodeJS.ProcessEnv): string {
  try {
    loadAppConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(AppConfigError);
    return (error as Error).message;
  }
  throw new Error('expected an AppConfigError');
}

describe('loadAppConfig', () => {
  it('runs on embedded defaults with an empty environment', () => {
    expect(loadAppConfig({})).toMatchObject({
      serviceName: 'prediction-api',
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: undefined,
      redisUrl: undefined,
      maxBatchSize: 100,
      bodyLimitKb: 64,
      shutdownDrainMs: 5000,
      shutdownTimeoutMs: 25_000,
      cacheTtlSeconds: 300,
      retentionMaxPredictions: 100_000,
      retentionSweepSeconds: 60,
      predictionRetentionDays: 30,
      retentionSchedule: '0 * * * *',
      driftWindowSize: 1000,
      driftRefreshMs: 10_000,
      shadowModelPath: undefined,
      modelPath: expect.stringMatching(/models\/iris-softmax-1\.0\.0\.json$/),
    });
  });

  it('reads every variable', () => {
    const config = loadAppConfig({
      OTEL_SERVICE_NAME: 'ml',
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgresql://u:p@db:5432/x',
      REDIS_URL: 'rediss://cache:6380/1',
      MODEL_PATH: '/models/m.json',
      MAX_BATCH_SIZE: '10',
      BODY_LIMIT_KB: '8',
      CACHE_TTL_SECONDS: '5',
      EMBEDDED_DB_DIR: '/data',
      SHUTDOWN_DRAIN_MS: '0',
      SHUTDOWN_TIMEOUT_MS: '1000',
      RETENTION_MAX_PREDICTIONS: '500',
      RETENTION_SWEEP_SECONDS: '5',
      PREDICTION_RETENTION_DAYS: '7',
      RETENTION_SCHEDULE: '*/5 * * * * *',
      DRIFT_WINDOW_SIZE: '200',
      DRIFT_REFRESH_MS: '500',
      SHADOW_MODEL_PATH: '/models/next.json',
    });
    expect(config).toEqual({
      serviceName: 'ml',
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: 'postgresql://u:p@db:5432/x',
      redisUrl: 'rediss://cache:6380/1',
      modelPath: '/models/m.json',
      maxBatchSize: 10,
      bodyLimitKb: 8,
      cacheTtlSeconds: 5,
      embeddedDbDir: '/data',
      shutdownDrainMs: 0,
      shutdownTimeoutMs: 1000,
      retentionMaxPredictions: 500,
      retentionSweepSeconds: 5,
      predictionRetentionDays: 7,
      retentionSchedule: '*/5 * * * * *',
      driftWindowSize: 200,
      driftRefreshMs: 500,
      shadowModelPath: '/models/next.json',
    });
  });

  it('keeps every prediction in PostgreSQL unless told, and 100000 in the embedded store', () => {
    expect(loadAppConfig({}).retentionMaxPredictions).toBe(100_000);
    expect(loadAppConfig({ DATABASE_URL: 'postgres://db/x' }).retentionMaxPredictions).toBe(0);
    expect(
      loadAppConfig({ DATABASE_URL: 'postgres://db/x', RETENTION_MAX_PREDICTIONS: '10' })
        .retentionMaxPredictions,
    ).toBe(10);
  });

  it.each([
    ['PORT', 'abc', /PORT="abc": expected a whole number from 0 to 65535\. Fix: set PORT/],
    ['PORT', '70000', /PORT="70000"/],
    ['SHUTDOWN_DRAIN_MS', '-1', /SHUTDOWN_DRAIN_MS="-1": expected a whole number from 0 to 300000/],
    [
      'SHUTDOWN_TIMEOUT_MS',
      '0',
      /SHUTDOWN_TIMEOUT_MS="0": expected a whole number from 1 to 600000/,
    ],
    ['PORT', '3.5', /PORT="3.5"/],
    ['MAX_BATCH_SIZE', '0', /MAX_BATCH_SIZE="0": expected a whole number from 1 to 10000/],
    ['BODY_LIMIT_KB', '-1', /BODY_LIMIT_KB="-1"/],
    ['DRIFT_WINDOW_SIZE', '5', /DRIFT_WINDOW_SIZE="5": expected a whole number from 10 to/],
    ['DRIFT_REFRESH_MS', '10', /DRIFT_REFRESH_MS="10": expected a whole number from 100 to/],
    ['CACHE_TTL_SECONDS', 'soon', /CACHE_TTL_SECONDS="soon"/],
    ['RETENTION_MAX_PREDICTIONS', '-5', /RETENTION_MAX_PREDICTIONS="-5": expected a whole number/],
    ['RETENTION_SWEEP_SECONDS', '0', /RETENTION_SWEEP_SECONDS="0": expected a whole number from 1/],
    [
      'PREDICTION_RETENTION_DAYS',
      '0',
      /PREDICTION_RETENTION_DAYS="0": expected a whole number from 1 to 36500\. Fix: set it to/,
    ],
    ['PREDICTION_RETENTION_DAYS', '1.5', /PREDICTION_RETENTION_DAYS="1\.5"/],
    [
      'RETENTION_SCHEDULE',
      'hourly',
      /RETENTION_SCHEDULE="hourly": expected a cron expression of 5 fields, or 6 with seconds first \(.*\)\. Fix: set it like "\*\/10 \* \* \* \*", or unset it for "0 \* \* \* \*"/,
    ],
    ['RETENTION_SCHEDULE', '61 * * * *', /RETENTION_SCHEDULE="61 \* \* \* \*".*out of range/],
    ['RETENTION_SCHEDULE', '* * * *', /RETENTION_SCHEDULE="\* \* \* \*".*Too few fields/],
    [
      'DATABASE_URL',
      'mysql://db/x',
      /DATABASE_URL=<a mysql: URL; not shown, as it may hold a password>: expected a URL starting with postgres:\/\/ or postgresql:\/\//,
    ],
    [
      'REDIS_URL',
      'localhost:6379',
      /REDIS_URL=<a localhost: URL; not shown, as it may hold a password>: expected a URL starting with redis:\/\/ or rediss:\/\//,
    ],
  ])('rejects %s=%s naming the variable, the value and the fix', (name, value, pattern) => {
    expect(problem({ [name]: value })).toMatch(pattern);
  });

  it('never prints a bad URL, wherever its password is', () => {
    const message = problem({
      DATABASE_URL: 'mysql://admin:hunter2@db/x?password=sesame',
      REDIS_URL: 'http://:s3cret@cache/?password=letmein9',
    });
    for (const secret of ['hunter2', 'sesame', 's3cret', 'letmein9', 'admin'])
      expect(message).not.toContain(secret);
    expect(message).toContain('DATABASE_URL=<a mysql: URL;');
    expect(message).toContain('REDIS_URL=<a http: URL;');
  });

  it('lists every bad variable at once', () => {
    const message = problem({ PORT: 'x', BODY_LIMIT_KB: 'y', MAX_BATCH_SIZE: 'z' });
    expect(message.split('\n').filter((l) => l.startsWith('  - '))).toHaveLength(3);
  });

  it("leaves the SDK's variables to the SDK (LOG_LEVEL is read and reported there)", () => {
    const config = loadAppConfig({ LOG_LEVEL: 'loud', LOG_FORMAT: 'fancy' });
    expect(config).not.toHaveProperty('logLevel');
  });

  it('treats blank values as unset', () => {
    expect(loadAppConfig({ PORT: ' ', DATABASE_URL: '' })).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
    });
  });
});

describe('describeUrl', () => {
  it.each([
    ['postgres://u:pw@h/db', '<a postgres: URL; not shown, as it may hold a password>'],
    ['h/db?password=pw', '<a value without a URL scheme; not shown, as it may hold a password>'],
    ['', '<a value without a URL scheme; not shown, as it may hold a password>'],
  ])('%s -> %s', (input, shown) => expect(describeUrl(input)).toBe(shown));
});
