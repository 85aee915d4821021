import * as api from './index';

describe('public API of @app/observability', () => {
  it('exports exactly these runtime names (types are checked by the compiler)', () => {
    expect(Object.keys(api).sort()).toEqual([
      'OBSERVABILITY_OPTIONS',
      'ObservabilityConfigError',
      'ObservabilityModule',
      'resolveOptions',
    ]);
  });

  it('offers forRoot and forRootAsync', () => {
    expect(typeof api.ObservabilityModule.forRoot).toBe('function');
    expect(typeof api.ObservabilityModule.forRootAsync).toBe('function');
  });
});
