import { uniqueFlower } from './support/app';
import { expectNoCanary, sampleOutputs } from './support/canaries';
import { OtlpReceiver } from './support/otlp-receiver';
import { waitFor } from './support/ports';
import type { TestDatabase } from './support/postgres';
import { createTestDatabase } from './support/postgres';
import { exportingTo, TracedSample } from './support/traced-sample';

/** Secrets sent in every place a client or an operator can put one. None may come out. */
const CANARY = {
  query: 'CANARYquery7b1',
  authorization: 'CANARYbearer9c3',
  cookie: 'CANARYcookie4d5',
  apiKey: 'CANARYapikey6e7',
  password: 'CANARYpassword8f9',
  nestedToken: 'CANARYnested0a1',
  secret: 'CANARYsecret2b3',
  malformed: 'CANARYmalformed4c5',
  databasePassword: 'CANARYdbpass6d7',
  userAgent: 'CANARYuseragent8e9',
  limit: 'CANARYlimit0f1',
};

describe('canary secrets never appear in any output: logs, spans, exception events, metrics', () => {
  let receiver: OtlpReceiver;
  let db: TestDatabase;
  let sample: TracedSample;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    db = await createTestDatabase();
    // The server trusts local connections, so a password in the URL is accepted and ignored.
    const databaseUrl = new URL(db.url);
    databaseUrl.password = CANARY.databasePassword;
    sample = await TracedSample.start({
      DATABASE_URL: databaseUrl.toString(),
      ...exportingTo(receiver),
      LOG_LEVEL: 'trace',
      // The log lines also go to the collector as OTLP logs: one more output to search.
      OTEL_LOGS_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/json',
      OTEL_BLRP_SCHEDULE_DELAY: '50',
    });
  }, 90_000);

  afterAll(async () => {
    await sample?.kill();
    await receiver?.stop();
    await db?.drop();
  });

  it('redacts headers, query strings, body fields at any depth and in any case, and connection strings', async () => {
    const headers = {
      'content-type': 'application/json',
      authorization: `Bearer ${CANARY.authorization}`,
      cookie: `session=${CANARY.cookie}`,
      'x-api-key': CANARY.apiKey,
      'user-agent': `probe/1.0 password=${CANARY.userAgent}`,
    };
    const query = `?token=${CANARY.query}&mode=fast`;
    const requests = [
      // Accepted: the secrets ride along in headers and query.
      { path: `/predict${query}`, body: JSON.stringify(uniqueFlower()), status: 200 },
      // Rejected by validation: secret-named fields in the body, nested and in odd case.
      {
        path: `/predict${query}`,
        body: JSON.stringify({
          ...uniqueFlower(),
          PassWord: CANARY.password,
          profile: { Nested: { ApiToken: CANARY.nestedToken } },
        }),
        status: 400,
      },
      {
        path: `/predict/batch${query}`,
        body: JSON.stringify({ rows: [{ client_secret: CANARY.secret }] }),
        status: 400,
      },
      // Rejected by the body parser: the secret is in text that does not parse.
      { path: `/predict${query}`, body: `{"password":"${CANARY.malformed}"`, status: 400 },
    ];
    const traceIds: string[] = [];
    for (const { path, body, status } of requests) {
      const response = await sample.post(path, body, headers);
      expect(response.status).toBe(status);
      traceIds.push((response.headers.get('traceresponse') ?? '').split('-')[1] as string);
    }
    // Rejected by validation: the bad value of a query parameter (whose 400 names it) must not
    // reach the spans' exception events.
    const badLimit = await fetch(`${sample.url}/predictions?limit=${CANARY.limit}`, { headers });
    expect(badLimit.status).toBe(400);
    traceIds.push((badLimit.headers.get('traceresponse') ?? '').split('-')[1] as string);
    await waitFor('every trace', async () =>
      traceIds.every((id) => receiver.spans.some((s) => s.traceId === id && s.kind === 2)),
    );
    await waitFor('every access line', async () =>
      traceIds.every((id) =>
        sample.logs().some((l) => l.trace_id === id && l.msg === 'request completed'),
      ),
    );
    await waitFor('every access record over OTLP', async () =>
      traceIds.every((id) =>
        receiver.logs.some((l) => l.traceId === id && l.body === 'request completed'),
      ),
    );
    expectNoCanary(await sampleOutputs(sample, receiver), CANARY);
    // The outputs are not empty: the requests are there, with their secrets replaced.
    const access = sample.logs().filter((l) => l.msg === 'request completed');
    expect(access.map((l) => l.path)).toContain('/predict?token=[REDACTED]&mode=[REDACTED]');
    const server = receiver.spans.find((s) => s.traceId === traceIds[0] && s.kind === 2);
    expect(server?.attributes['url.query']).toBe('token=[REDACTED]&mode=[REDACTED]');
  });
});
