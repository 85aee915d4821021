import { pino } from 'pino';
import { isoTime } from './iso-time';

describe('isoTime', () => {
  afterEach(() => jest.useRealTimers());

  it.each([
    0,
    1,
    9,
    10,
    99,
    100,
    999,
    1000,
    Date.UTC(2026, 10, 26, 20, 52, 54, 7),
    Date.UTC(2026, 11, 31, 23, 59, 59, 999),
    Date.UTC(2027, 0, 1, 0, 0, 0, 0),
  ])('writes what pino.stdTimeFunctions.isoTime writes at %p', (now) => {
    jest.useFakeTimers({ now });
    expect(isoTime()).toBe(pino.stdTimeFunctions.isoTime());
  });

  it('follows the clock from one second to the next and back', () => {
    for (const now of [5_000, 5_999, 6_000, 5_500, 86_400_000 * 365 + 42]) {
      jest.useFakeTimers({ now });
      expect(isoTime()).toBe(`,"time":"${new Date(now).toISOString()}"`);
    }
  });

  it.each([Date.UTC(10_000, 0, 1, 0, 0, 0, 5), -1, -999, -1000, -1001])(
    'formats %p (a year beyond 9999, a time before 1970) as toISOString does',
    (now) => {
      jest.useFakeTimers({ now });
      expect(isoTime()).toBe(`,"time":"${new Date(now).toISOString()}"`);
    },
  );
});
