import { Exclusions } from './exclusions';

describe('Exclusions', () => {
  const exclusions = new Exclusions(['/metrics', '/api/checks/:name', '/files/*']);

  it.each([
    ['/metrics', true],
    ['/metrics?debug=1', true],
    ['/api/checks/db', true],
    ['/api/checks/db/', true],
    ['/files/a/b/c.txt', true],
    ['/metrics/more', false],
    ['/api/checks', false],
    ['/api/checks/db/deep', false],
    ['/models/1', false],
  ])('%s excluded: %s', (url, excluded) => {
    expect(exclusions.excludes(url)).toBe(excluded);
  });

  it('takes a path with a colon that is not a parameter as a plain path', () => {
    expect(new Exclusions(['/v1:batch']).excludes('/v1:batch')).toBe(true);
  });
});
