import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { ReadinessChecks } from 'nestjs-observability';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { Transport } from '@nestjs/microservices';
import type { AppConfig } from '../config/app-config';

/**
 * With `NATS_URL` set, serves the application's message patterns (`predict`) over NATS too (the
 * HTTP application's global filters are not inherited: they answer HTTP responses), and reports
 * the NATS connection on `/ready` as `nats`, never gating readiness (`critical: false`): HTTP
 * predictions do not need NATS. Call it before `listen()`; `startNats` after.
 */
export function connectNats(app: INestApplication, config: AppConfig): void {
  if (config.natsUrl === undefined) return;
  const nats = app.connectMicroservice<MicroserviceOptions>({
    transport: Transport.NATS,
    options: {
      servers: [config.natsUrl],
      // Keep trying: the HTTP side serves meanwhile, and requests resume once NATS is back.
      maxReconnectAttempts: -1,
      waitOnFirstConnect: true,
    },
  });
  let connected = false;
  nats.status.subscribe((status) => (connected = status === 'connected'));
  app
    .get(ReadinessChecks)
    .register('nats', () => Promise.resolve({ nats: { status: connected ? 'up' : 'down' } }), {
      critical: false,
    });
}

/**
 * Starts the NATS side once HTTP is listening, without waiting for it: a NATS that is down at
 * boot or goes away later never stops the HTTP service; the client connects (again) by itself.
 */
export function startNats(app: INestApplication, config: AppConfig): Promise<void> {
  if (config.natsUrl === undefined) return Promise.resolve();
  return app.startAllMicroservices().then(
    () => new Logger('Messaging').log('serving the predict pattern over NATS'),
    (error: unknown) =>
      new Logger('Messaging').error(error instanceof Error ? error : String(error)),
  );
}
