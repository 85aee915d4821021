import { compileOperationGlob } from './operation-glob';

describe('operation patterns of transport sampling rules', () => {
  const matches = (pattern: string, name: string) => compileOperationGlob(pattern)(name);

  it('matches a name without stars whole and case-sensitively', () => {
    expect(matches('orders.created', 'orders.created')).toBe(true);
    expect(matches('orders.created', 'orders.created.v2')).toBe(false);
    expect(matches('orders.created', 'Orders.created')).toBe(false);
    expect(matches('a.b', 'aXb')).toBe(false);
  });

  it('lets * stand for any run of characters, dots and slashes included, or none', () => {
    expect(matches('orders.*', 'orders.created')).toBe(true);
    expect(matches('orders.*', 'orders.')).toBe(true);
    expect(matches('orders.*', 'orders')).toBe(false);
    expect(matches('*.created', 'a.b.created')).toBe(true);
    expect(matches('hero.HeroService/*', 'hero.HeroService/FindOne')).toBe(true);
    expect(matches('reports-*-daily', 'reports-eu-daily')).toBe(true);
    expect(matches('reports-*-daily', 'reports-daily')).toBe(false);
    expect(matches('*', '')).toBe(true);
    expect(matches('**', 'anything')).toBe(true);
  });

  it('finds the pieces between stars in order, without overlapping the ends', () => {
    expect(matches('a*b*c', 'axbxc')).toBe(true);
    expect(matches('a*b*c', 'axcxb')).toBe(false);
    expect(matches('ab*ba', 'aba')).toBe(false);
    expect(matches('a*a*a', 'aaa')).toBe(true);
    expect(matches('a*a*a', 'aa')).toBe(false);
    expect(matches('x*ab*ab', 'xabab')).toBe(true);
    expect(matches('x*ab*ab', 'xab')).toBe(false);
  });

  it('treats regular-expression characters as themselves', () => {
    expect(matches('price.(eu)+', 'price.(eu)+')).toBe(true);
    expect(matches('price.(eu)+', 'price.eueu')).toBe(false);
  });

  it('takes time linear in the name for a pattern that would make a regular expression backtrack', () => {
    const pattern = `${'a*'.repeat(30)}b`;
    const name = 'a'.repeat(128);
    // A backtracking matcher would try about 2^30 ways to split the name: minutes, not the
    // microseconds linear work takes. The bound is loose so a loaded machine never trips it.
    const started = performance.now();
    const matched = matches(pattern, name);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(matched).toBe(false);
  });
});
