import { AppConfigError, loadAppConfig, redactUrl } from './app-config';

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
      logLevel: 'info',
      maxBatchSize: 100,
      bodyLimitKb: 64,
      shutdownDrainMs: 5000,
      shutdownTimeoutMs: 25_000,
      cacheTtlSeconds: 300,
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
      LOG_LEVEL: 'DEBUG',
      MODEL_PATH: '/models/m.json',
      MAX_BATCH_SIZE: '10',
      BODY_LIMIT_KB: '8',
      CACHE_TTL_SECONDS: '5',
      EMBEDDED_DB_DIR: '/data',
      SHUTDOWN_DRAIN_MS: '0',
      SHUTDOWN_TIMEOUT_MS: '1000',
    });
    expect(config).toEqual({
      serviceName: 'ml',
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: 'postgresql://u:p@db:5432/x',
      redisUrl: 'rediss://cache:6380/1',
      logLevel: 'debug',
      modelPath: '/models/m.json',
      maxBatchSize: 10,
      bodyLimitKb: 8,
      cacheTtlSeconds: 5,
      embeddedDbDir: '/data',
      shutdownDrainMs: 0,
      shutdownTimeoutMs: 1000,
    });
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
    ['CACHE_TTL_SECONDS', 'soon', /CACHE_TTL_SECONDS="soon"/],
    [
      'LOG_LEVEL',
      'loud',
      /LOG_LEVEL="loud": expected one of fatal, error, warn, info, debug, trace, silent\. Fix:/,
    ],
    [
      'DATABASE_URL',
      'mysql://db/x',
      /DATABASE_URL="mysql:\/\/db\/x": expected a URL starting with postgres:\/\/ or postgresql:\/\//,
    ],
    [
      'REDIS_URL',
      'localhost:6379',
      /REDIS_URL="localhost:6379": expected a URL starting with redis:\/\/ or rediss:\/\//,
    ],
  ])('rejects %s=%s naming the variable, the value and the fix', (name, value, pattern) => {
    expect(problem({ [name]: value })).toMatch(pattern);
  });

  it('never prints a password from a bad URL', () => {
    const message = problem({
      DATABASE_URL: 'mysql://admin:hunter2@db/x',
      REDIS_URL: 'http://:s3cret@cache',
    });
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('s3cret');
    expect(message).toContain('admin:***@db');
  });

  it('lists every bad variable at once', () => {
    const message = problem({ PORT: 'x', LOG_LEVEL: 'y', MAX_BATCH_SIZE: 'z' });
    expect(message.split('\n').filter((l) => l.startsWith('  - '))).toHaveLength(3);
  });

  it('treats blank values as unset', () => {
    expect(loadAppConfig({ PORT: ' ', DATABASE_URL: '' })).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
    });
  });
});

describe('redactUrl', () => {
  it.each([
    ['postgres://u:pw@h/db', '"postgres://u:***@h/db"'],
    ['postgres://u@h/db', '"postgres://u@h/db"'],
    ['not a url //u:pw@h', '"not a url //u:***@h"'],
  ])('%s -> %s', (input, shown) => expect(redactUrl(input)).toBe(shown));
});
