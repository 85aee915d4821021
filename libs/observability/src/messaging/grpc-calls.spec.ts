import { grpcCallSites, grpcMethodName, grpcMethodOfPath } from './grpc-calls';
import type { HandlerSite } from './message-exchange';

describe('grpcMethodName', () => {
  it.each([
    [{ service: 'Greeter', rpc: 'Greet', streaming: 'no_stream' }, 'Greeter/Greet'],
    [
      '{"service":"hero.HeroesService","rpc":"FindOne","streaming":"no_stream"}',
      'hero.HeroesService/FindOne',
    ],
    [{ service: 'S'.repeat(200), rpc: 'M' }, 'S'.repeat(128)],
    ['a plain pattern', 'a plain pattern'],
    [{ service: 1, rpc: 'M' }, 'unserializable'],
    [{ rpc: 'M' }, 'unserializable'],
    [null, 'unserializable'],
    [undefined, 'unserializable'],
    [NaN, 'unserializable'],
  ])('%p is named %p', (pattern, name) => {
    expect(grpcMethodName(pattern)).toBe(name);
  });
});

describe('grpcMethodOfPath', () => {
  it.each([
    ['/obs.e2e.Greeter/Greet', 'obs.e2e.Greeter/Greet'],
    ['/Greeter/Greet', 'Greeter/Greet'],
    [`/${'a'.repeat(122)}/Method`, undefined],
    [`/${'a'.repeat(121)}/Method`, `${'a'.repeat(121)}/Method`],
    ['Greeter/Greet', undefined],
    ['/Greeter/Greet/extra', undefined],
    ['/Greeter/Gr eet', undefined],
    ['/', undefined],
    ['', undefined],
    [undefined, undefined],
    [42, undefined],
  ])('%p names %p', (path, method) => {
    expect(grpcMethodOfPath(path)).toBe(method);
  });
});

describe('grpcCallSites', () => {
  const site: HandlerSite = { kind: 'rpc', system: 'grpc', pattern: 'Greeter/Greet' };
  const metadata = { get: () => [] };
  const call = (path: unknown) => ({ metadata, getPath: () => path });

  it('names a unary call by its path and carries its metadata', () => {
    const located = grpcCallSites(site)([{}, metadata, call('/pkg.Greeter/Greet')]);
    expect(located.site).toEqual({ ...site, pattern: 'pkg.Greeter/Greet' });
    expect(located.carrier).toBe(metadata);
  });

  it('finds the call first among a pass-through stream handler arguments', () => {
    const located = grpcCallSites(site)([call('/pkg.Greeter/Greet'), () => undefined]);
    expect(located.site.pattern).toBe('pkg.Greeter/Greet');
    expect(located.carrier).toBe(metadata);
  });

  it('keeps the registered name for a path of another shape, beyond 16 paths, or no call', () => {
    const sites = grpcCallSites(site);
    expect(sites([{}, metadata, call('no slash')]).site).toBe(site);
    for (let i = 0; i < 16; i++) sites([{}, metadata, call(`/pkg${i}.Greeter/Greet`)]);
    expect(sites([{}, metadata, call('/pkg16.Greeter/Greet')]).site).toBe(site);
    expect(sites([{}, metadata, call('/pkg3.Greeter/Greet')]).site.pattern).toBe(
      'pkg3.Greeter/Greet',
    );
    expect(sites([]).site).toBe(site);
    expect(sites([]).carrier).toBeUndefined();
  });
});
