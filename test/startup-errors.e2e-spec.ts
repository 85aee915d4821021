import { join } from 'node:path';
import { freePort } from './support/ports';
import { startApp } from './support/app';

describe('startup errors name the setting and the fix', () => {
  it('an invalid variable stops startup', async () => {
    await expect(startApp({ PORT: 'http' })).rejects.toThrow(
      /PORT="http": expected a whole number/,
    );
  });

  it('a missing model file stops startup naming MODEL_PATH', async () => {
    const path = join(__dirname, 'no-such-model.json');
    await expect(startApp({ MODEL_PATH: path })).rejects.toThrow(
      /MODEL_PATH=.*no-such-model\.json \(ENOENT\)\. Fix: .*npm run train/,
    );
  });

  it('an unreachable database stops startup without printing its password', async () => {
    const port = await freePort();
    const failure = startApp({ DATABASE_URL: `postgres://app:topsecret@127.0.0.1:${port}/db` });
    await expect(failure).rejects.toThrow(
      /Cannot prepare the prediction store at DATABASE_URL=.*app:\*\*\*@127\.0\.0\.1.*Fix: start PostgreSQL/,
    );
    await expect(failure).rejects.not.toThrow(/topsecret/);
  });
});
