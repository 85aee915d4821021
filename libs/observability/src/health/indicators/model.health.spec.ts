import { HealthIndicatorService } from '@nestjs/terminus';
import { ModelHealthIndicator } from './model.health';

describe('ModelHealthIndicator', () => {
  const indicator = () => new ModelHealthIndicator(new HealthIndicatorService());

  it('is down while no model is loaded', async () => {
    expect(await indicator().isReady('model', undefined)).toEqual({
      model: { status: 'down', loaded: false },
    });
  });

  it('is up once the warm-up inference passed, with version and latency, and warms up once', async () => {
    const health = indicator();
    const warmUp = jest.fn(() => ({ prediction: 'setosa' }));
    const first = await health.isReady('model', { version: '1.0.0', warmUp });
    await health.isReady('model', { version: '1.0.0', warmUp });
    expect(first.model).toMatchObject({
      status: 'up',
      loaded: true,
      version: '1.0.0',
      warmUp: 'passed',
    });
    expect(first.model?.warmUpLatencyMs).toEqual(expect.any(Number));
    expect(warmUp).toHaveBeenCalledTimes(1);
  });

  it('is down when the warm-up fails, and tries again on the next check', async () => {
    const health = indicator();
    let broken = true;
    const warmUp = () => {
      if (broken) throw new Error('weights are NaN');
      return 1;
    };
    const down = await health.isReady('model', { version: '2.0.0', warmUp });
    expect(down.model).toMatchObject({
      status: 'down',
      warmUp: 'failed',
      message: 'Error: weights are NaN',
    });
    broken = false;
    expect((await health.isReady('model', { version: '2.0.0', warmUp })).model?.status).toBe('up');
  });
});
