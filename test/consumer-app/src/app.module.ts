import type { OnModuleInit } from '@nestjs/common';
import { Inject, Injectable, Module } from '@nestjs/common';
import { ModelHealthIndicator, ObservabilityModule, ReadinessChecks } from 'nestjs-observability';
import { ItemsController } from './items.controller.js';
import { ItemsService } from './items.service.js';

/** Registers one readiness check, through Terminus, as a user registers theirs. */
@Injectable()
export class Readiness implements OnModuleInit {
  constructor(
    @Inject(ReadinessChecks) private readonly readiness: ReadinessChecks,
    @Inject(ModelHealthIndicator) private readonly model: ModelHealthIndicator,
  ) {}

  onModuleInit(): void {
    this.readiness.register('model', () =>
      this.model.isReady('model', { version: '1.0.0', warmUp: () => 42 }),
    );
  }
}

@Module({
  imports: [
    ObservabilityModule.forRoot({
      serviceName: 'consumer-app',
      health: { drainDelayMs: 0 },
    }),
  ],
  controllers: [ItemsController],
  providers: [ItemsService, Readiness],
})
export class AppModule {}
