import type {
  CallHandler,
  CanActivate,
  ExecutionContext,
  INestApplication,
  INestMicroservice,
  NestInterceptor,
} from '@nestjs/common';
import {
  Controller,
  Get,
  Injectable,
  Module,
  SetMetadata,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { EventEmitter2, EventEmitterModule, OnEvent } from '@nestjs/event-emitter';
import type { ClientProxy } from '@nestjs/microservices';
import { ClientProxyFactory, MessagePattern, Transport } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import type { Observable } from 'rxjs';
import { firstValueFrom, map, of } from 'rxjs';
import request from 'supertest';
import { Counted, ObservabilityModule, Timed, Traced } from 'nestjs-observability';
import { ObservabilityTestKit } from 'nestjs-observability/testing';
import { freePort, waitFor } from './support/ports';

const Roles = (...roles: string[]) => SetMetadata('roles', roles);
const Tagged = (tag: string) => SetMetadata('tag', tag);

@Injectable()
class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}
  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.get<string[] | undefined>('roles', context.getHandler());
    if (roles === undefined) return true;
    const role = context.switchToHttp().getRequest<{ headers: Record<string, string> }>().headers[
      'x-role'
    ];
    return role !== undefined && roles.includes(role);
  }
}

@Injectable()
class TagInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const tag = this.reflector.get<string | undefined>('tag', context.getHandler());
    return next.handle().pipe(map((body: unknown) => ({ body, tag })));
  }
}

/** Every order of @Traced/@Timed/@Counted around Nest's own decorators. */
@Controller('admin')
@UseGuards(RolesGuard)
class AdminController {
  calls = 0;

  @Traced()
  @Timed()
  @Counted()
  @Get('above')
  @Roles('admin')
  above(): string {
    this.calls++;
    return 'secret';
  }

  @Get('below')
  @Roles('admin')
  @Traced()
  @Timed()
  @Counted()
  below(): string {
    this.calls++;
    return 'secret';
  }

  @Traced()
  @Get('between')
  @Counted()
  @Roles('admin')
  @Timed()
  between(): string {
    this.calls++;
    return 'secret';
  }

  @Traced()
  @UseGuards(RolesGuard)
  @Roles('admin')
  @Get('own-guard')
  ownGuard(): string {
    this.calls++;
    return 'secret';
  }

  @Counted()
  @UseInterceptors(TagInterceptor)
  @Tagged('kept')
  @Traced()
  @Get('tagged')
  tagged(): string {
    return 'body';
  }
}

/** A class-level decorator on a controller keeps its routes. */
@Traced()
@Counted()
@Controller('open')
class OpenController {
  @Get()
  hello(): Observable<string> {
    return of('hello');
  }
}

@Injectable()
class Listener {
  readonly received: string[] = [];

  @Traced()
  @Counted()
  @OnEvent('order.created')
  onOrder(payload: { id: string }): void {
    this.received.push(payload.id);
  }
}

@Controller()
class RpcController {
  @Counted()
  @Traced()
  @MessagePattern({ cmd: 'double' })
  @Timed()
  double(n: number): number {
    return n * 2;
  }
}

@Module({
  imports: [
    ObservabilityModule.forRoot({ serviceName: 'decorators-e2e' }),
    EventEmitterModule.forRoot(),
  ],
  controllers: [AdminController, OpenController, RpcController],
  providers: [RolesGuard, TagInterceptor, Listener],
})
class DecoratedAppModule {}

describe('decorators inside a Nest application', () => {
  let kit: ObservabilityTestKit;
  let app: INestApplication;
  let rpc: INestMicroservice;
  let client: ClientProxy;

  beforeAll(async () => {
    kit = ObservabilityTestKit.start();
    const moduleRef = await Test.createTestingModule({ imports: [DecoratedAppModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    const port = await freePort();
    rpc = app.connectMicroservice({
      transport: Transport.TCP,
      options: { host: '127.0.0.1', port },
    });
    await app.startAllMicroservices();
    await app.init();
    client = ClientProxyFactory.create({
      transport: Transport.TCP,
      options: { host: '127.0.0.1', port },
    });
    await client.connect();
  });
  beforeEach(() => kit.reset());
  afterAll(async () => {
    await client.close();
    await app.close();
    await kit.stop();
  });

  it.each(['above', 'below', 'between', 'own-guard'])(
    'the roles guard still denies on /admin/%s, whatever the decorator order',
    async (route) => {
      const controller = app.get(AdminController);
      const before = controller.calls;
      await request(app.getHttpServer()).get(`/admin/${route}`).expect(403);
      await request(app.getHttpServer()).get(`/admin/${route}`).set('x-role', 'user').expect(403);
      expect(controller.calls).toBe(before);
      await request(app.getHttpServer())
        .get(`/admin/${route}`)
        .set('x-role', 'admin')
        .expect(200, 'secret');
      expect(controller.calls).toBe(before + 1);
    },
  );

  it('records the allowed call only: denied requests never reach the method', async () => {
    await request(app.getHttpServer()).get('/admin/above').expect(403);
    await request(app.getHttpServer()).get('/admin/above').set('x-role', 'admin').expect(200);
    expect(
      await kit.counterValue('method_calls_total', { class: 'AdminController', method: 'above' }),
    ).toBe(1);
    const names = (await kit.spans()).map((s) => s.name);
    // The denied request has its controller span (the guard ran in it) and nothing beneath.
    expect(names.filter((n) => n === 'controller AdminController.above')).toHaveLength(2);
    expect(names.filter((n) => n !== 'controller AdminController.above').sort()).toEqual([
      'AdminController.above',
      'handler AdminController.above',
    ]);
  });

  it('interceptors still read custom metadata set by @SetMetadata', async () => {
    const response = await request(app.getHttpServer()).get('/admin/tagged').expect(200);
    expect(response.body).toEqual({ body: 'body', tag: 'kept' });
  });

  it('a class-level decorator keeps the routes and measures them', async () => {
    await request(app.getHttpServer()).get('/open').expect(200, 'hello');
    expect(await kit.counterValue('method_calls_total', { class: 'OpenController' })).toBe(1);
    expect(await kit.span('OpenController.hello')).toBeDefined();
  });

  it('@OnEvent handlers still receive their events, and are measured', async () => {
    await app.get(EventEmitter2).emitAsync('order.created', { id: 'o-1' });
    expect(app.get(Listener).received).toContain('o-1');
    expect(await kit.counterValue('method_calls_total', { method: 'onOrder' })).toBe(1);
  });

  it('@MessagePattern handlers still answer over a real TCP transport, and are measured', async () => {
    await expect(firstValueFrom(client.send<number>({ cmd: 'double' }, 21))).resolves.toBe(42);
    await waitFor(
      'the RPC count',
      async () => (await kit.counterValue('method_calls_total', { method: 'double' })) === 1,
    );
    expect((await kit.histogram('method_duration_seconds', { method: 'double' })).count).toBe(1);
    expect(rpc).toBeDefined();
  });
});
