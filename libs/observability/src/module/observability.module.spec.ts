import { Inject, Injectable, Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { ObservabilityConfigError } from '../errors/observability-config.error';
import { OBSERVABILITY_OPTIONS } from '../observability.constants';
import { ObservabilityModule } from './observability.module';
import type { ResolvedObservabilityOptions } from '../options/observability-options.interface';

@Injectable()
class FeatureService {
  constructor(@Inject(OBSERVABILITY_OPTIONS) readonly options: ResolvedObservabilityOptions) {}
}

/** A feature module that does not import ObservabilityModule: it relies on it being global. */
@Module({ providers: [FeatureService], exports: [FeatureService] })
class FeatureModule {}

async function optionsSeenByFeature(root: DynamicModule): Promise<ResolvedObservabilityOptions> {
  const moduleRef = await Test.createTestingModule({
    imports: [root, FeatureModule],
  }).compile();
  const { options } = moduleRef.get(FeatureService);
  await moduleRef.close();
  return options;
}

async function startupError(root: DynamicModule): Promise<ObservabilityConfigError> {
  const compiled = Test.createTestingModule({ imports: [root] }).compile();
  await expect(compiled).rejects.toBeInstanceOf(ObservabilityConfigError);
  return compiled.catch((e: ObservabilityConfigError) => e) as Promise<ObservabilityConfigError>;
}

describe('ObservabilityModule', () => {
  it('forRoot resolves the options and is visible globally', async () => {
    const options = await optionsSeenByFeature(
      ObservabilityModule.forRoot({ serviceName: 'prediction-api', tracing: { sampleRatio: 0.2 } }),
    );
    expect(options.serviceName).toBe('prediction-api');
    expect(options.tracing.sampleRatio).toBe(0.2);
    expect(options.health.timeoutMs).toBe(1000);
  });

  it('forRootAsync reads its options from a ConfigService', async () => {
    const options = await optionsSeenByFeature(
      ObservabilityModule.forRootAsync({
        imports: [
          ConfigModule.forRoot({
            ignoreEnvFile: true,
            load: [() => ({ SERVICE_NAME: 'from-config', SAMPLE_RATIO: 0.5 })],
          }),
        ],
        inject: [ConfigService],
        useFactory: (config: ConfigService) => ({
          serviceName: config.getOrThrow<string>('SERVICE_NAME'),
          tracing: { sampleRatio: config.getOrThrow<number>('SAMPLE_RATIO') },
        }),
      }),
    );
    expect(options).toMatchObject({ serviceName: 'from-config', tracing: { sampleRatio: 0.5 } });
  });

  it('forRootAsync accepts an async factory', async () => {
    const options = await optionsSeenByFeature(
      ObservabilityModule.forRootAsync({
        useFactory: async () => {
          await new Promise((resolve) => setImmediate(resolve));
          return { serviceName: 'async-service' };
        },
      }),
    );
    expect(options.serviceName).toBe('async-service');
  });

  it('isGlobal: false keeps the options private to importers', async () => {
    const compiled = Test.createTestingModule({
      imports: [ObservabilityModule.forRoot({ serviceName: 'x', isGlobal: false }), FeatureModule],
    }).compile();
    await expect(compiled).rejects.toThrow(/OBSERVABILITY_OPTIONS/);
  });

  it.each([
    ['serviceName', { serviceName: '' }],
    ['health.timeoutMs', { serviceName: 'x', health: { timeoutMs: -100 } }],
    ['tracing.sampleRatio', { serviceName: 'x', tracing: { sampleRatio: 1.5 } }],
    ['metrics.prefix', { serviceName: 'x', metrics: { prefix: 'my-service' } }],
  ])('forRoot stops startup on an invalid %s', async (option, options) => {
    const error = await startupError(ObservabilityModule.forRoot(options));
    expect(error.problems.map((p) => p.option)).toEqual([option]);
    expect(error.message).toContain(`${option} = `);
    expect(error.message).toContain('Fix: ');
  });

  it('forRootAsync stops startup when the factory returns invalid options', async () => {
    const error = await startupError(
      ObservabilityModule.forRootAsync({
        imports: [ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => ({ RATIO: 1.5 })] })],
        inject: [ConfigService],
        useFactory: (config: ConfigService) => ({
          serviceName: 'x',
          tracing: { sampleRatio: config.getOrThrow<number>('RATIO') },
        }),
      }),
    );
    expect(error.message).toContain('tracing.sampleRatio = 1.5');
  });
});
