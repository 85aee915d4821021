import { headers as natsHeaders } from '@nats-io/transport-node';
import type { ClientProxy } from '@nestjs/microservices';
import { ClientProxyFactory, NatsRecordBuilder, Transport } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { FLOWERS } from './support/app';
import { expectNoCanary, sampleOutputs } from './support/canaries';
import { OtlpReceiver } from './support/otlp-receiver';
import { waitFor } from './support/ports';
import { NATS_URL } from './support/raw-transports';
import { PrivateRedis } from './support/redis';
import { exportingTo, TracedSample } from './support/traced-sample';

/** Secrets a caller can put in a message or a job. None may come out. */
const CANARY = {
  natsAuthorization: 'CANARYnatsauth3a1',
  natsApiKey: 'CANARYnatsapikey5b2',
  natsPassword: 'CANARYnatspassword7c3',
  natsNested: 'CANARYnatsnested9d4',
  jobSecret: 'CANARYjobsecret1e5',
  jobToken: 'CANARYjobtoken3f6',
};

describe('canary secrets in messages and jobs never appear in any output: logs, spans, metrics', () => {
  let receiver: OtlpReceiver;
  let redis: PrivateRedis;
  let sample: TracedSample;
  let client: ClientProxy;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    redis = await PrivateRedis.start();
    sample = await TracedSample.start({
      ...exportingTo(receiver),
      NATS_URL,
      REDIS_URL: redis.url,
      LOG_LEVEL: 'trace',
      OTEL_LOGS_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: 'http/json',
      OTEL_BLRP_SCHEDULE_DELAY: '50',
    });
    await waitFor('the sample subscribed on NATS', async () =>
      (await (await fetch(`${sample.url}/ready`)).text()).includes('"nats":"up"'),
    );
    client = ClientProxyFactory.create({
      transport: Transport.NATS,
      options: { servers: [NATS_URL] },
    });
    await client.connect();
  }, 90_000);

  afterAll(async () => {
    await client?.close();
    await sample?.kill();
    await redis?.kill();
    await receiver?.stop();
  });

  it('redacts what a NATS caller and a job producer send: headers, payload fields, rows', async () => {
    const headers = natsHeaders();
    headers.set('authorization', `Bearer ${CANARY.natsAuthorization}`);
    headers.set('x-api-key', CANARY.natsApiKey);
    const accepted = new NatsRecordBuilder(FLOWERS.setosa).setHeaders(headers).build();
    const answer = await firstValueFrom(
      client.send<{ prediction: string }>('predict', accepted).pipe(timeout(10_000)),
    );
    expect(answer.prediction).toBe('setosa');
    const refused = new NatsRecordBuilder({
      ...FLOWERS.setosa,
      PassWord: CANARY.natsPassword,
      profile: { Nested: { ApiToken: CANARY.natsNested } },
    })
      .setHeaders(headers)
      .build();
    await expect(
      firstValueFrom(client.send('predict', refused).pipe(timeout(10_000))),
    ).rejects.toMatchObject({ statusCode: 400 });

    const job = await sample.post('/predict/jobs', { rows: [FLOWERS.versicolor] });
    expect(job.status).toBe(202);
    const { jobId } = (await job.json()) as { jobId: string };
    const badJob = await sample.post('/predict/jobs', {
      rows: [{ client_secret: CANARY.jobSecret }],
      token: CANARY.jobToken,
    });
    expect(badJob.status).toBe(400);
    await waitFor('the job to complete', async () => {
      const state = await fetch(`${sample.url}/predict/jobs/${jobId}`);
      return ((await state.json()) as { state: string }).state === 'completed';
    });
    await waitFor('the two NATS handler spans and the worker span', async () => {
      const names = receiver.spans.map((s) => s.name);
      const served = names.filter((n) => n === 'predict').length;
      return served >= 2 && names.some((n) => n.startsWith('process '));
    });
    await waitFor('the worker log line over OTLP', async () =>
      receiver.logs.some((l) => l.body === 'job finished'),
    );

    expectNoCanary(await sampleOutputs(sample, receiver), CANARY);
    // The outputs are not empty: both NATS calls were traced (the refused one as an error), the
    // job was processed and logged, all without their secrets.
    const served = receiver.spans.filter((s) => s.name === 'predict' && s.kind === 2);
    expect(served.map((s) => s.status.code).sort()).toEqual([0, 2]);
    expect(sample.output).toContain('job finished');
  });
});
