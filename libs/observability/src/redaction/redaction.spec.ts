import { isSecretKey, REDACTED, redactFields, redactQuery, redactText } from './redaction';

describe('isSecretKey', () => {
  it.each([
    'password',
    'Password',
    'PASSWORD',
    'db_password',
    'token',
    'accessToken',
    'refresh_token',
    'secret',
    'client.secret',
    'apiKey',
    'api_key',
    'x-api-key',
    'X-API-KEY',
    'authorization',
    'Authorization',
    'proxy-authorization',
    'cookie',
    'set-cookie',
    'http.request.header.authorization',
    'http.request.header.cookie',
  ])('%s holds a secret', (key) => expect(isSecretKey(key)).toBe(true));

  it.each(['max_tokens', 'tokens', 'user', 'content-type', 'model.version', 'cookies_accepted'])(
    '%s does not',
    (key) => expect(isSecretKey(key)).toBe(false),
  );
});

describe('redactFields', () => {
  it('replaces secret fields at any depth and in any case, in objects and arrays', () => {
    const input = {
      user: 'ada',
      Password: 'p1',
      nested: { deeper: { apiKey: 'k1', TOKEN: 't1', keep: 1 } },
      list: [{ secret: 's1' }, 'plain'],
      headers: { authorization: 'Bearer a', cookie: 'c=1', 'set-cookie': ['x'], 'x-api-key': 'k' },
    };
    expect(redactFields(input)).toEqual({
      user: 'ada',
      Password: REDACTED,
      nested: { deeper: { apiKey: REDACTED, TOKEN: REDACTED, keep: 1 } },
      list: [{ secret: REDACTED }, 'plain'],
      headers: {
        authorization: REDACTED,
        cookie: REDACTED,
        'set-cookie': REDACTED,
        'x-api-key': REDACTED,
      },
    });
  });

  it("never changes the caller's objects and returns clean values as they are", () => {
    const input = { nested: { password: 'p' }, other: { a: 1 } };
    const output = redactFields(input);
    expect(input.nested.password).toBe('p');
    expect(output.other).toBe(input.other);
    const clean = { a: { b: [1, 2] } };
    expect(redactFields(clean)).toBe(clean);
  });

  it('stops at 8 levels, so a cycle cannot loop', () => {
    const cyclic: Record<string, unknown> = { password: 'p' };
    cyclic.self = cyclic;
    const output = redactFields<Record<string, unknown>>(cyclic);
    expect(output.password).toBe(REDACTED);
  });
});

describe('redactText', () => {
  it.each([
    ['login failed: password=hunter2 for ada', `login failed: password=${REDACTED} for ada`],
    ['{"token":"abc.def"}', `{"token":"${REDACTED}"}`],
    ['apiKey: k-123, next', `apiKey: ${REDACTED}, next`],
    ['Authorization: Bearer eyJhbGci', `Authorization: ${REDACTED}`],
    ['postgres://app:s3cret@db:5432/x', `postgres://app:${REDACTED}@db:5432/x`],
    ['postgres://app:pa/ss@db:5432/x', `postgres://app:${REDACTED}@db:5432/x`],
    ['redis://:p@ss/w#rd@cache:6379/0', `redis://:${REDACTED}@cache:6379/0`],
    [
      'Invalid URL: "postgres://u:a/b@db/x" (pg)',
      `Invalid URL: "postgres://u:${REDACTED}@db/x" (pg)`,
    ],
    [
      'postgres://db:5432/x?user=app&password=hunter2&sslmode=require',
      `postgres://db:5432/x?user=app&password=${REDACTED}&sslmode=require`,
    ],
    ['redis://cache:6379?db_password=p/w', `redis://cache:6379?db_password=${REDACTED}`],
    ['redis://u:p?ss@cache:6379', `redis://u:${REDACTED}@cache:6379`],
    ['amqp://u:p@[::1]:5672/vh', `amqp://u:${REDACTED}@[::1]:5672/vh`],
    [
      'two: amqp://a:x1@mq and nats://b:y2@bus:4222',
      `two: amqp://a:${REDACTED}@mq and nats://b:${REDACTED}@bus:4222`,
    ],
  ])('%s', (input, expected) => expect(redactText(input)).toBe(expected));

  it('keeps URLs without credentials as they are', () => {
    for (const url of [
      'https://example.com/a/b?x=1',
      'http://host:8080/users/me',
      'redis://cache:6379',
    ]) {
      expect(redactText(`see ${url} now`)).toBe(`see ${url} now`);
    }
  });

  it('leaves ordinary text alone', () => {
    const text = 'prediction served in 3 ms';
    expect(redactText(text)).toBe(text);
  });
});

describe('redactQuery', () => {
  it('replaces every query value and keeps the names', () => {
    expect(redactQuery('/predict?token=abc&mode=fast&flag')).toBe(
      `/predict?token=${REDACTED}&mode=${REDACTED}&flag`,
    );
    expect(redactQuery('/predict')).toBe('/predict');
  });
});
