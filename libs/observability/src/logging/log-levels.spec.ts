import { pino } from 'pino';
import { LogLevelControl, MAX_CONTEXTS } from './log-levels';

const { values } = pino.levels;

describe('LogLevelControl', () => {
  beforeEach(() => jest.useFakeTimers({ now: Date.parse('2026-01-01T00:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  const control = () => {
    const levels = new LogLevelControl('info');
    const logger = pino({ level: 'info' }, pino.destination('/dev/null'));
    levels.attach(logger);
    return { levels, logger };
  };

  it('sets the global level for a while, then reverts to the configured one by itself', () => {
    const { levels, logger } = control();
    levels.setGlobal('debug', 60);
    expect(levels.state).toEqual({
      level: 'debug',
      expiresAt: '2026-01-01T00:01:00.000Z',
      contexts: {},
    });
    expect(logger.level).toBe('debug');
    expect(levels.allows(values.debug as number, 'Worker')).toBe(true);

    jest.advanceTimersByTime(59_999);
    expect(levels.state.level).toBe('debug');
    jest.advanceTimersByTime(1);
    expect(levels.state).toEqual({ level: 'info', contexts: {} });
    expect(logger.level).toBe('info');
    expect(levels.allows(values.debug as number, 'Worker')).toBe(false);
  });

  it('a later change replaces the pending revert: a level set without expiry stays', () => {
    const { levels } = control();
    levels.setGlobal('debug', 1);
    levels.setGlobal('warn');
    jest.advanceTimersByTime(5_000);
    expect(levels.state).toEqual({ level: 'warn', contexts: {} });
  });

  it('gives one context its own level, the root logger letting the most verbose through, until it expires', () => {
    const { levels, logger } = control();
    expect(levels.setContext('Worker', 'trace', 10)).toBe(true);
    expect(logger.level).toBe('trace');
    expect(levels.allows(values.trace as number, 'Worker')).toBe(true);
    expect(levels.allows(values.debug as number, 'Other')).toBe(false);
    expect(levels.allows(values.debug as number, undefined)).toBe(false);

    jest.advanceTimersByTime(10_000);
    expect(levels.state.contexts).toEqual({});
    expect(logger.level).toBe('info');
    expect(levels.clearContext('Worker')).toBe(false);
  });

  it(`refuses a context beyond ${MAX_CONTEXTS}, and still changes one it has`, () => {
    const { levels } = control();
    for (let i = 0; i < MAX_CONTEXTS; i++) expect(levels.setContext(`C${i}`, 'debug')).toBe(true);
    expect(levels.setContext('OneMore', 'debug')).toBe(false);
    expect(levels.setContext('C0', 'warn')).toBe(true);
    expect(levels.state.contexts.C0).toEqual({ level: 'warn' });
  });
});
