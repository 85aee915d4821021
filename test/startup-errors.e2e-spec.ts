import { join } from 'node:path';
import { startApp } from './support/app';
import { TracedSample } from './support/traced-sample';

describe('startup errors name the setting and the fix', () => {
  it('an invalid variable stops startup', async () => {
    await expect(startApp({ PORT: 'http' })).rejects.toThrow(
      /PORT="http": expected a whole number/,
    );
  });

  it('a bad RETENTION_SCHEDULE or PREDICTION_RETENTION_DAYS stops startup naming it and the fix', async () => {
    await expect(startApp({ RETENTION_SCHEDULE: 'every hour' })).rejects.toThrow(
      /RETENTION_SCHEDULE="every hour": expected a cron expression of 5 fields, or 6 with seconds first .*Fix: set it like "\*\/10 \* \* \* \*"/,
    );
    await expect(startApp({ PREDICTION_RETENTION_DAYS: '-3' })).rejects.toThrow(
      /PREDICTION_RETENTION_DAYS="-3": expected a whole number from 1 to 36500\. Fix: set it to the number of days/,
    );
  });

  it('a missing model file stops startup naming MODEL_PATH', async () => {
    const path = join(__dirname, 'no-such-model.json');
    await expect(startApp({ MODEL_PATH: path })).rejects.toThrow(
      /MODEL_PATH=.*no-such-model\.json \(ENOENT\)\. Fix: .*npm run train/,
    );
  });

  it('a DATABASE_URL of the wrong kind stops startup without showing its value', async () => {
    // An unreachable database is not a startup error (the service starts not ready: see
    // sample-start-without-database); a setting that can never work is, and names the fix.
    const failure = startApp({ DATABASE_URL: 'mysql://app:topsecret@127.0.0.1:3306/db' });
    await expect(failure).rejects.toThrow(
      /DATABASE_URL=<a mysql: URL; not shown, as it may hold a password>.*postgres:\/\/.*set it like/s,
    );
    await expect(failure).rejects.not.toThrow(/topsecret/);
  });

  it("an unusable LOG_LEVEL is the SDK's one warning, not a stop: the sample does not read it", async () => {
    const sample = await TracedSample.start({ LOG_LEVEL: 'loud' });
    try {
      const warnings = sample
        .logs()
        .filter((line) => String(line.msg).includes('LOG_LEVEL="loud"'));
      expect(warnings).toEqual([
        expect.objectContaining({
          level: 'warn',
          msg: 'LOG_LEVEL="loud" cannot be used: expected one of fatal, error, warn, info, debug, trace, silent. Fix: set LOG_LEVEL to one of them. Using info meanwhile.',
        }),
      ]);
    } finally {
      await sample.kill();
    }
  }, 90_000);
});
