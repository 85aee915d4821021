import { categoricalProfile, categoryKey, numericBin, numericProfile } from './reference-profile';

describe('reference profile', () => {
  it('bins a value by how many edges are at or below it', () => {
    const edges = Float64Array.from([1, 2, 3]);
    expect([0.5, 1, 1.5, 2, 3, 99, -Infinity].map((x) => numericBin(edges, x))).toEqual([
      0, 1, 1, 2, 3, 3, 0,
    ]);
    expect(numericBin(new Float64Array(0), 5)).toBe(0);
  });

  it('merges equal quantile edges when reference values repeat', () => {
    const values = [0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 1.3, 1.5, 2.1];
    const profile = numericProfile('petalWidth', values, 10);
    expect(new Set(profile.edges).size).toBe(profile.edges.length);
    expect(profile.edges[0]).toBeGreaterThan(0.2);
    expect(profile.reference.reduce((a, b) => a + b, 0)).toBe(10);
    expect(profile.reference[0]).toBe(7);
    expect([profile.min, profile.max]).toEqual([0.2, 2.1]);
  });

  it('skips missing reference values and keeps one bin for a constant feature', () => {
    const profile = numericProfile('x', [3, Number.NaN, undefined, null, '4', 3], 10);
    expect(profile.edges.length).toBe(0);
    expect([...profile.reference]).toEqual([2]);
  });

  it('gives the most frequent categories a bin each and the rest one shared bin', () => {
    const profile = categoricalProfile(
      'country',
      ['fr', 'de', 'fr', 'it', 'es', 'fr', 'de', null, ''],
      2,
    );
    expect([...profile.categories]).toEqual([
      ['fr', 0],
      ['de', 1],
    ]);
    expect(profile.other).toBe(2);
    expect([...profile.reference]).toEqual([3, 2, 2]);
  });

  it('reads categorical values as keys, missing as undefined', () => {
    expect([categoryKey('a'), categoryKey(3), categoryKey(true), categoryKey('')]).toEqual([
      'a',
      '3',
      'true',
      undefined,
    ]);
    expect([
      categoryKey(Number.NaN),
      categoryKey(null),
      categoryKey(undefined),
      categoryKey({}),
    ]).toEqual([undefined, undefined, undefined, undefined]);
  });
});
