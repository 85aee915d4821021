import { OtlpReceiver } from './support/otlp-receiver';
import type { FixtureProcess } from './support/fixture-process';
import { startFixture } from './support/fixture-process';
import { waitFor } from './support/ports';

const CALLER_TRACE = '5bf92f3577b34da6a3ce929d0e0e4736';

describe('sampling rules in the module options, on the preload’s sampler', () => {
  let receiver: OtlpReceiver;
  let app: FixtureProcess;
  let base: string;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    app = await startFixture('options-app', {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_BSP_SCHEDULE_DELAY: '50',
      OBS_OPTIONS: JSON.stringify({
        tracing: {
          trustIncomingSampling: true,
          rules: [{ route: '/models/:id', ratio: 0 }],
        },
      }),
    });
    base = `http://127.0.0.1:${app.ports[0]}`;
  }, 60_000);
  afterAll(async () => {
    await app.kill();
    await receiver.stop();
  });

  const flags = (answer: Response) => answer.headers.get('traceresponse')?.split('-')[3];

  it('never samples a route a rule sets to 0, even for a trusted caller that sampled it; other routes follow the caller', async () => {
    const model = await fetch(`${base}/models/7`);
    expect(flags(model)).toBe('00');
    const trusted = await fetch(`${base}/models/8`, {
      headers: { traceparent: `00-${CALLER_TRACE}-00f067aa0ba902b7-01` },
    });
    expect(flags(trusted)).toBe('00');
    const ping = await fetch(`${base}/ping`, {
      headers: { traceparent: `00-${'6'.repeat(32)}-00f067aa0ba902b7-01` },
    });
    expect(flags(ping)).toBe('01');
    await waitFor('the /ping span', async () => receiver.spans.some((s) => s.name === 'GET /ping'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.spans.filter((s) => s.name === 'GET /models/:id')).toEqual([]);
    const report = app.lines().find((l) => String(l.msg).startsWith('Tracing started'));
    expect(report?.msg).toContain('rules /models/:id=0, incoming sampled flag obeyed');
  });
});
