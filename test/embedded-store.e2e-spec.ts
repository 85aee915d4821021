import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FLOWERS, startApp } from './support/app';

describe('embedded store with EMBEDDED_DB_DIR', () => {
  const dir = mkdtempSync(join(tmpdir(), 'obs-embedded-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps predictions across a restart of the service', async () => {
    const first = await startApp({ EMBEDDED_DB_DIR: dir });
    const made = await first.http.post('/predict').send(FLOWERS.versicolor).expect(200);
    await first.close();

    const second = await startApp({ EMBEDDED_DB_DIR: dir });
    try {
      const res = await second.http.get('/predictions?limit=1').expect(200);
      expect(res.body.predictions[0]).toMatchObject({ id: made.body.id, prediction: 'versicolor' });
      const next = await second.http.post('/predict').send(FLOWERS.setosa).expect(200);
      expect(next.body.id).toBe(made.body.id + 1);
    } finally {
      await second.close();
    }
  }, 60_000);
});
