import { FLOWERS, startApp } from './support/app';
import type { TestApp } from './support/app';
import { createTestDatabase } from './support/postgres';
import type { TestDatabase } from './support/postgres';

/** The value of `model_feedback_total{model_version="1.0.0",correct}` in a scrape. */
async function feedbackCount(t: TestApp, correct: 'true' | 'false'): Promise<number> {
  const text = (await t.http.get('/metrics').expect(200)).text;
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`model_feedback_total{model_version="1.0.0",correct="${correct}"}`));
  return Number(line?.split(' ').pop());
}

describe.each([
  ['the embedded store (PGlite)', false],
  ['PostgreSQL', true],
])('POST /predictions/:id/feedback on %s', (_, postgres) => {
  let t: TestApp;
  let db: TestDatabase | undefined;

  beforeAll(async () => {
    db = postgres ? await createTestDatabase() : undefined;
    t = await startApp(db === undefined ? {} : { DATABASE_URL: db.url });
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  const predict = async (flower: Record<string, number>) =>
    (await t.http.post('/predict').send(flower).expect(200)).body as {
      id: number;
      prediction: string;
    };

  it('records the true label once, counts it as correct or not, and answers a repeat without counting', async () => {
    const right = await predict(FLOWERS.setosa);
    const wrong = await predict(FLOWERS.virginica);
    const before = { t: await feedbackCount(t, 'true'), f: await feedbackCount(t, 'false') };

    const answer = await t.http
      .post(`/predictions/${right.id}/feedback`)
      .send({ label: 'setosa' })
      .expect(200);
    expect(answer.body).toEqual({
      id: right.id,
      modelVersion: '1.0.0',
      prediction: 'setosa',
      label: 'setosa',
      correct: true,
      recorded: true,
    });
    await t.http
      .post(`/predictions/${wrong.id}/feedback`)
      .send({ label: 'versicolor' })
      .expect(200)
      .expect(({ body }) => expect(body).toMatchObject({ correct: false, recorded: true }));
    const repeat = await t.http
      .post(`/predictions/${right.id}/feedback`)
      .send({ label: 'setosa' })
      .expect(200);
    expect(repeat.body).toMatchObject({ correct: true, recorded: false });

    expect(await feedbackCount(t, 'true')).toBe(before.t + 1);
    expect(await feedbackCount(t, 'false')).toBe(before.f + 1);
  });

  it('answers 409 when another label was given before, and keeps the first', async () => {
    const { id } = await predict(FLOWERS.versicolor);
    await t.http.post(`/predictions/${id}/feedback`).send({ label: 'versicolor' }).expect(200);
    const conflict = await t.http
      .post(`/predictions/${id}/feedback`)
      .send({ label: 'virginica' })
      .expect(409);
    expect(conflict.body.message).toContain('already has the true label "versicolor"');
    await t.http
      .post(`/predictions/${id}/feedback`)
      .send({ label: 'versicolor' })
      .expect(200)
      .expect(({ body }) => expect(body.recorded).toBe(false));
  });

  it('answers 404 for a prediction that does not exist', async () => {
    const res = await t.http
      .post('/predictions/999999999/feedback')
      .send({ label: 'setosa' })
      .expect(404);
    expect(res.body.message).toContain('No prediction 999999999');
  });

  it.each([
    [
      'a label that is not a class',
      '1',
      { label: 'rose' },
      'label',
      /must be one of the model's classes \(setosa, versicolor, virginica\), got "rose"/,
    ],
    ['no label', '1', {}, 'label', /is required/],
    ['a label that is not a string', '1', { label: 3 }, 'label', /got 3/],
    ['another field', '1', { label: 'setosa', note: 'x' }, 'note', /is not allowed/],
    ['an id that is not a number', 'abc', { label: 'setosa' }, 'id', /positive whole number/],
    ['a negative id', '-4', { label: 'setosa' }, 'id', /positive whole number/],
  ])('answers 400 for %s, naming the field', async (_case, id, body, field, reason) => {
    const res = await t.http.post(`/predictions/${id}/feedback`).send(body).expect(400);
    expect(res.body.errors).toEqual([{ field, reason: expect.stringMatching(reason) }]);
  });

  it('concurrent feedback with two labels records exactly one', async () => {
    const { id } = await predict(FLOWERS.setosa);
    const before = (await feedbackCount(t, 'true')) + (await feedbackCount(t, 'false'));
    const answers = await Promise.all(
      ['setosa', 'versicolor', 'setosa', 'virginica'].map((label) =>
        t.http.post(`/predictions/${id}/feedback`).send({ label }),
      ),
    );
    const recorded = answers.filter((a) => a.status === 200 && a.body.recorded === true);
    expect(recorded).toHaveLength(1);
    expect(answers.every((a) => a.status === 200 || a.status === 409)).toBe(true);
    const after = (await feedbackCount(t, 'true')) + (await feedbackCount(t, 'false'));
    expect(after).toBe(before + 1);
  });
});
