import { Writable } from 'node:stream';
import { resolveOptions } from '../options/resolve-options';
import { consoleRouting, restoreConsole, routeConsoleTo } from './console-lines';
import { createRootLogger } from './root-logger';

function capture(level: 'info' | 'debug' = 'info') {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = createRootLogger(
    resolveOptions({ serviceName: 'svc', logging: { level } }, {}),
    destination,
  );
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { logger, lines };
}

describe('console calls as JSON lines', () => {
  const own = { log: console.log, error: console.error };
  afterEach(() => restoreConsole());

  it('writes each method at its level, context console, formatted and redacted', () => {
    const { logger, lines } = capture();
    routeConsoleTo(logger);
    console.log('a %s', 'b', { token: 'canary-1' });
    console.debug('below the level');
    console.error('at postgres://u:canary-2@db/x');
    expect(lines().map((l) => [l.level, l.context, l.msg])).toEqual([
      ['info', 'console', "a b { token: '[REDACTED]' }"],
      ['error', 'console', 'at postgres://u:[REDACTED]@db/x'],
    ]);
  });

  it('gives console its own methods back, and a stale restore changes nothing', () => {
    const first = capture();
    routeConsoleTo(first.logger);
    const stale = consoleRouting();
    expect(console.log).not.toBe(own.log);
    const second = capture();
    routeConsoleTo(second.logger);
    restoreConsole(stale);
    console.log('to the second');
    expect(second.lines()).toHaveLength(1);
    expect(first.lines()).toHaveLength(0);
    restoreConsole();
    expect(console.log).toBe(own.log);
    expect(console.error).toBe(own.error);
  });

  it('never recurses: a console call made while a line is written goes to the console', () => {
    const { logger, lines } = capture();
    const printed: unknown[] = [];
    const before = console.warn;
    console.warn = (...args: unknown[]) => void printed.push(args);
    try {
      routeConsoleTo(logger);
      const info = logger.info.bind(logger);
      logger.info = (...args: Parameters<typeof info>) => {
        console.warn('from inside');
        return info(...args);
      };
      console.log('outer');
      expect(printed).toEqual([['from inside']]);
      expect(lines().map((l) => l.msg)).toEqual(['outer']);
    } finally {
      restoreConsole();
      console.warn = before;
    }
  });
});
