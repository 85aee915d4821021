import 'reflect-metadata';
import { Logger, SetMetadata } from '@nestjs/common';
import type { Tracer } from '@opentelemetry/api';
import { context, trace } from '@opentelemetry/api';
import { firstValueFrom, lastValueFrom, Observable, of, throwError, toArray } from 'rxjs';
import { Counted } from '../decorators/counted.decorator';
import { Timed } from '../decorators/timed.decorator';
import { Traced } from '../decorators/traced.decorator';
import { CounterSeries } from '../metrics/counter-family';
import { HistogramSeries } from '../metrics/histogram-family';
import { ObservabilityTestKit } from '../testing/observability-test-kit';

const failure = new Error('the very same error');
const value = { the: 'very same value' };

/** Every shape a method can return, succeeding and failing, and how a caller consumes it. */
const shapes: Record<
  string,
  { run: (this: Receiver) => unknown; consume: (r: unknown) => Promise<unknown> }
> = {
  'sync value': { run: () => value, consume: async (r) => r },
  'sync throw': {
    run: () => {
      throw failure;
    },
    consume: async (r) => r,
  },
  'promise resolve': { run: async () => value, consume: (r) => r as Promise<unknown> },
  'promise reject': {
    run: async () => {
      throw failure;
    },
    consume: (r) => r as Promise<unknown>,
  },
  'thenable resolve': {
    run: () => ({ then: (ok: (v: unknown) => void) => ok(value) }),
    consume: async (r) => await r,
  },
  'observable complete': {
    run: () => of(value, value),
    consume: (r) => lastValueFrom((r as Observable<unknown>).pipe(toArray())),
  },
  'observable error': {
    run: () => throwError(() => failure),
    consume: (r) => firstValueFrom(r as Observable<unknown>),
  },
  'generator return': {
    run: function* () {
      yield value;
      return value;
    },
    consume: async (r) => [...(r as Iterable<unknown>)],
  },
  'generator throw': {
    run: function* () {
      yield value;
      throw failure;
    },
    consume: async (r) => [...(r as Iterable<unknown>)],
  },
  'async generator': {
    run: async function* () {
      yield value;
    },
    consume: async (r) => {
      const out = [];
      for await (const v of r as AsyncIterable<unknown>) out.push(v);
      return out;
    },
  },
  'this is kept': {
    run: function (this: Receiver) {
      return this;
    },
    consume: async (r) => r,
  },
};

class Receiver {}

/** Runs `fn` the way a caller would and describes what the caller saw. */
async function observe(
  consume: (r: unknown) => Promise<unknown>,
  fn: () => unknown,
): Promise<{ ok: boolean; value: unknown }> {
  try {
    return { ok: true, value: await consume(fn()) };
  } catch (error) {
    return { ok: false, value: error };
  }
}

function decorate(run: (this: Receiver) => unknown): (this: Receiver) => unknown {
  const holder = { run };
  const descriptor = Object.getOwnPropertyDescriptor(holder, 'run') as PropertyDescriptor;
  for (const decorator of [Counted(), Timed(), Traced()]) {
    const next = (decorator as MethodDecorator)(Receiver.prototype, 'run', descriptor);
    if (next) Object.assign(descriptor, next);
  }
  return descriptor.value as (this: Receiver) => unknown;
}

const throwingTracer: Tracer = {
  startSpan: () => {
    throw new Error('tracer down');
  },
  startActiveSpan: () => {
    throw new Error('tracer down');
  },
};
const brokenSpansTracer: Tracer = {
  startSpan: () =>
    new Proxy(
      {},
      {
        get: () => () => {
          throw new Error('span broken');
        },
      },
    ) as ReturnType<Tracer['startSpan']>,
  startActiveSpan: () => {
    throw new Error('tracer down');
  },
};

describe('nothing observable changes for the caller', () => {
  describe.each([
    ['the tracer throws', throwingTracer],
    ['every span method throws', brokenSpansTracer],
  ])('with the registry, the logger and the tracer failing (%s)', (_, tracer) => {
    let spies: jest.SpyInstance[] = [];
    beforeAll(() => {
      trace.disable();
      trace.setGlobalTracerProvider({ getTracer: () => tracer });
      spies = [
        jest.spyOn(CounterSeries.prototype, 'inc').mockImplementation(() => {
          throw new Error('registry down');
        }),
        jest.spyOn(HistogramSeries.prototype, 'observe').mockImplementation(() => {
          throw new Error('registry down');
        }),
        jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => {
          throw new Error('logger down');
        }),
      ];
    });
    afterAll(() => {
      spies.forEach((s) => s.mockRestore());
      trace.disable();
    });

    it.each(Object.keys(shapes))('%s: same value or same error object, same this', async (name) => {
      const shape = shapes[name]!;
      const receiver = new Receiver();
      const plain = await observe(shape.consume, () => shape.run.call(receiver));
      const decorated = decorate(shape.run);
      const seen = await observe(shape.consume, () => decorated.call(receiver));
      expect(seen.ok).toBe(plain.ok);
      if (Array.isArray(plain.value)) {
        expect(seen.value).toEqual(plain.value);
        (plain.value as unknown[]).forEach((v, i) => expect((seen.value as unknown[])[i]).toBe(v));
      } else {
        expect(seen.value).toBe(plain.value);
      }
      expect(spies[0]!.mock.calls.length + spies[1]!.mock.calls.length).toBeGreaterThan(0);
    });
  });
});

describe('the wrapper keeps what frameworks and callers see', () => {
  let kit: ObservabilityTestKit;
  beforeAll(() => (kit = ObservabilityTestKit.start()));
  afterAll(() => kit.stop());

  const ROLES = 'roles';
  class Annotated {
    @Traced()
    @SetMetadata(ROLES, ['admin'])
    @Timed()
    @Counted()
    async guarded(a: number, b: number, c: number): Promise<number> {
      return a + b + c;
    }
  }

  it('keeps name and length', () => {
    const method = Annotated.prototype.guarded;
    expect(method.name).toBe('guarded');
    expect(method.length).toBe(3);
  });

  it('keeps Reflect metadata set before and after the decorator', () => {
    const method = Annotated.prototype.guarded;
    expect(Reflect.getMetadata(ROLES, method)).toEqual(['admin']);
    expect(Reflect.getMetadata('design:returntype', Annotated.prototype, 'guarded')).toBe(Promise);
  });

  it('copies every metadata key of an already decorated function', () => {
    function plain(): number {
      return 1;
    }
    Reflect.defineMetadata('custom:one', { a: 1 }, plain);
    Reflect.defineMetadata(Symbol.for('custom:two'), 2, plain);
    const descriptor = { value: plain, writable: true, configurable: true, enumerable: false };
    const result = (Traced() as MethodDecorator)(
      Annotated.prototype,
      'plain',
      descriptor,
    ) as PropertyDescriptor;
    const wrapped = result.value as () => number;
    expect(Reflect.getOwnMetadataKeys(wrapped)).toEqual(Reflect.getOwnMetadataKeys(plain));
    expect(Reflect.getMetadata('custom:one', wrapped)).toBe(
      Reflect.getMetadata('custom:one', plain),
    );
    expect(wrapped()).toBe(1);
  });

  it('stacked decorators share one wrapper: one span, one count, one observation', async () => {
    await new Annotated().guarded(1, 2, 3);
    expect((await kit.spans()).filter((s) => s.name === 'Annotated.guarded')).toHaveLength(1);
    expect(await kit.counterValue('method_calls_total', { class: 'Annotated' })).toBe(1);
    expect((await kit.histogram('method_duration_seconds', { class: 'Annotated' })).count).toBe(1);
  });

  it('with no tracing SDK registered, decorated calls work on the no-op API', () => {
    trace.disable();
    context.disable();
    class Plain {
      @Traced()
      @Counted()
      twice(x: number): number {
        return x * 2;
      }
    }
    expect(new Plain().twice(2)).toBe(4);
  });
});
