import type { RouteSamplingRule } from '../../options/observability-options.interface';
import { compileRouteRule, matchRouteRule } from './route-rules';

const compileRules = (rules: RouteSamplingRule[]) => rules.map(compileRouteRule);

describe('sampling route rules', () => {
  const rules = compileRules([
    { route: '/health', ratio: 0 },
    { route: '/v1/models/:id', ratio: 0.1 },
    { route: '/files/*', ratio: 0.5 },
    { route: '/a.b', ratio: 1 },
  ]);
  const ratioOf = (path: string) => matchRouteRule(rules, path)?.ratio;

  it('matches a literal route, with or without a trailing slash', () => {
    expect(ratioOf('/health')).toBe(0);
    expect(ratioOf('/health/')).toBe(0);
    expect(ratioOf('/healthz')).toBeUndefined();
  });

  it('matches :name to exactly one segment', () => {
    expect(ratioOf('/v1/models/42')).toBe(0.1);
    expect(ratioOf('/v1/models/42/versions')).toBeUndefined();
    expect(ratioOf('/v1/models/')).toBeUndefined();
  });

  it('matches * to the rest of the path', () => {
    expect(ratioOf('/files/a/b/c.txt')).toBe(0.5);
  });

  it('treats regular-expression characters in a route as themselves', () => {
    expect(ratioOf('/a.b')).toBe(1);
    expect(ratioOf('/aXb')).toBeUndefined();
  });

  it('takes the first matching rule', () => {
    const ordered = compileRules([
      { route: '/v1/*', ratio: 0.2 },
      { route: '/v1/models/:id', ratio: 1 },
    ]);
    expect(matchRouteRule(ordered, '/v1/models/7')?.ratio).toBe(0.2);
  });
});
