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
  ])('%s', (input, expected) => expect(redactText(input)).toBe(expected));

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
