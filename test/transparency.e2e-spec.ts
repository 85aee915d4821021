import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Jest replaces the process-level `unhandledRejection` event inside tests, so this runs the
 * decorated calls in a real Node process, where an unhandled rejection cannot hide.
 */
describe('failing telemetry in a real process', () => {
  it('changes no result and raises no unhandled rejection of its own', () => {
    const output = execFileSync(
      process.execPath,
      [
        '--require',
        join(__dirname, '../scripts/ts-register.cjs'),
        join(__dirname, 'fixtures/failing-telemetry.fixture.ts'),
      ],
      { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' }, timeout: 20_000 },
    );
    const result = JSON.parse(output.trim().split('\n').pop() as string);
    expect(result).toEqual({
      seen: ['same error', 1, 'same error', 1, 1, 'same error'],
      unhandled: ['Error: ignored by its caller'],
    });
  });
});
