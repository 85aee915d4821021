import { readFileSync } from 'node:fs';

/** One prediction the scenario made: its id, the class answered and the flower's true class. */
export interface SentPrediction {
  readonly id: number;
  readonly prediction: string;
  readonly label: string;
}

/** The training set a model file embeds: raw rows in `features` order and their labels. */
interface TrainingSet {
  readonly features: readonly string[];
  readonly rows: readonly (readonly number[])[];
  readonly labels: readonly string[];
}

/** Most rows one `/predict/batch` request carries (the service's default `MAX_BATCH_SIZE`). */
const BATCH = 100;

/**
 * The ML-monitoring scenario against a running sample service, as `npm run replay:drift` and the
 * end-to-end test play it: flowers drawn from the model's own training set (in distribution), the
 * same with one measurement shifted (drift), then the true labels sent back as feedback
 * (accuracy). Traffic goes to `baseUrl` only, in `/predict/batch` requests of up to 100 rows.
 */
export class DriftScenario {
  private seed = 20_261_126;

  constructor(
    private readonly baseUrl: string,
    private readonly training: TrainingSet,
  ) {}

  /** The scenario for the model file at `path` (which must embed its training set). */
  static fromModelFile(path: string, baseUrl: string): DriftScenario {
    const file = JSON.parse(readFileSync(path, 'utf8')) as {
      features: string[];
      trainingSet?: { rows: number[][]; labels: string[] };
    };
    if (file.trainingSet === undefined) {
      throw new Error(`${path} embeds no training set. Fix: retrain it with "npm run train".`);
    }
    return new DriftScenario(baseUrl, { features: file.features, ...file.trainingSet });
  }

  /** Sends `count` training flowers, `feature` lengthened by `shift` cm (0: in distribution). */
  async predict(count: number, feature?: string, shift = 0): Promise<SentPrediction[]> {
    const sent: SentPrediction[] = [];
    for (let done = 0; done < count; done += BATCH) {
      const picks = Array.from({ length: Math.min(BATCH, count - done) }, () => this.pick());
      const rows = picks.map((i) => this.flower(i, feature, shift));
      const body = await this.post<{ predictions: { id: number; prediction: string }[] }>(
        '/predict/batch',
        { rows },
      );
      body.predictions.forEach((p, k) =>
        sent.push({ id: p.id, prediction: p.prediction, label: this.label(picks[k] as number) }),
      );
    }
    return sent;
  }

  /** Sends the true label of each prediction; returns how many the model got right. */
  async feedback(sent: readonly SentPrediction[]): Promise<{ correct: number; wrong: number }> {
    let correct = 0;
    for (const p of sent) {
      const answer = await this.post<{ correct: boolean }>(`/predictions/${p.id}/feedback`, {
        label: p.label,
      });
      if (answer.correct) correct++;
    }
    return { correct, wrong: sent.length - correct };
  }

  private flower(i: number, feature: string | undefined, shift: number): Record<string, number> {
    const row = this.training.rows[i] as readonly number[];
    const flower: Record<string, number> = {};
    this.training.features.forEach((name, k) => {
      const value = (row[k] ?? 0) + (name === feature ? shift : 0);
      flower[name] = Math.round(value * 100) / 100;
    });
    return flower;
  }

  private label(i: number): string {
    return this.training.labels[i] as string;
  }

  /** A training row index, from a fixed pseudo-random sequence: every run replays the same. */
  private pick(): number {
    this.seed = (this.seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return Math.floor((this.seed / 2_147_483_648) * this.training.rows.length);
  }

  private async post<T>(path: string, body: unknown): Promise<T> {
    const response = await fetch(new URL(path, this.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) {
      throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`);
    }
    return (await response.json()) as T;
  }
}
