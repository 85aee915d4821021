import type { INestApplication, Type } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { ObservabilityConfigError, ObservabilityModule, Timed } from 'nestjs-observability';
import type { SloDefinition } from 'nestjs-observability';
import { startNestApp } from './support/nest-app';
import { PingController } from './support/ping.controller';

class Ranker {
  /** No 0.05 bucket: the ranking-latency SLO adds it at startup. */
  @Timed('ranking_seconds', { buckets: [0.01, 0.1] })
  rank(): number {
    return 2;
  }
}

class Scorer {
  @Timed('scoring_seconds', { buckets: [0.01, 0.05, 0.1] })
  score(): number {
    return 1;
  }
}

const httpLatency: SloDefinition = {
  name: 'ping-latency',
  type: 'latency',
  target: { kind: 'http', route: '/ping' },
  objective: 0.99,
  window: '30d',
  thresholdSeconds: 0.33,
};

/** What starting an application from `module` throws (undefined when it starts). */
async function startupError(module: Type): Promise<unknown> {
  const moduleRef = await Test.createTestingModule({ imports: [module] }).compile();
  return moduleRef
    .createNestApplication({ logger: false })
    .init()
    .then(
      () => undefined,
      (error: unknown) => error,
    );
}

function moduleWith(slos: SloDefinition[]) {
  @Module({
    imports: [ObservabilityModule.forRoot({ serviceName: 'slo-e2e', slos })],
    controllers: [PingController],
  })
  class SloModule {}
  return SloModule;
}

/** Its own file: the HTTP histogram's buckets are fixed per process by its first definition. */
describe('SLOs declared in the module options', () => {
  let app: INestApplication;
  const method: SloDefinition = {
    name: 'scoring-latency',
    type: 'latency',
    target: { kind: 'method', className: 'Scorer', methodName: 'score', metric: 'scoring_seconds' },
    objective: 0.999,
    window: '7d',
    thresholdSeconds: 0.05,
  };
  beforeAll(async () => {
    const ranking: SloDefinition = {
      ...method,
      name: 'ranking-latency',
      target: {
        kind: 'method',
        className: 'Ranker',
        methodName: 'rank',
        metric: 'ranking_seconds',
      },
    };
    app = await startNestApp(moduleWith([httpLatency, method, ranking]));
  });
  afterAll(() => app.close());

  it("make an HTTP latency SLO's threshold a bucket of http_request_duration_seconds", async () => {
    new Scorer().score();
    await request(app.getHttpServer()).get('/ping').expect(200);
    const text = (await request(app.getHttpServer()).get('/metrics').expect(200)).text;
    expect(text).toMatch(
      /^http_request_duration_seconds_bucket\{method="GET",route="\/ping",status="200",le="0\.33"\} 1$/m,
    );
  });

  it("add a @Timed SLO's threshold to its histogram while nothing was observed", async () => {
    new Ranker().rank();
    const text = (await request(app.getHttpServer()).get('/metrics').expect(200)).text;
    expect(text).toMatch(
      /^ranking_seconds_bucket\{class="Ranker",method="rank",outcome="success",le="0\.05"\} 1$/m,
    );
  });

  it('stop startup when a @Timed SLO threshold cannot become a bucket any more, naming the fix', async () => {
    new Scorer().score(); // scoring_seconds now holds observations
    // The same HTTP SLO, so that only the @Timed SLO differs from the first app.
    const bad = moduleWith([httpLatency, { ...method, thresholdSeconds: 0.2 }]);
    const error = await startupError(bad);
    expect(error).toBeInstanceOf(ObservabilityConfigError);
    expect((error as Error).message).toContain('slos[1].thresholdSeconds = 0.2');
    expect((error as Error).message).toContain(
      'one of the buckets of scoring_seconds (0.01, 0.05, 0.1), which was recorded into before the module started',
    );
    expect((error as Error).message).toContain(
      "add 0.2 to the buckets of @Timed('scoring_seconds'",
    );
  });

  it('stop startup when a @Timed SLO names a histogram no method declares', async () => {
    const missing = moduleWith([
      httpLatency,
      {
        ...method,
        target: { kind: 'method', className: 'X', methodName: 'y', metric: 'nowhere_seconds' },
      },
    ]);
    const error = await startupError(missing);
    expect((error as Error).message).toContain("decorate X.y with @Timed('nowhere_seconds')");
  });
});
