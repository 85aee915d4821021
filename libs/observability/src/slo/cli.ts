/**
 * `npm run observability -- generate [--slos FILE] [--out DIR]`: writes, from the SLOs and panels
 * FILE exports (`SLOS`, `RULE_OPTIONS`, optional `DASHBOARD_ROWS`), the Prometheus files into
 * DIR/prometheus and the Grafana dashboard into DIR/grafana.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { RowSpec } from './dashboard-panels';
import { generateDeployFiles } from './prometheus-files';
import type { RuleOptions } from './prometheus-rules';
import type { SloDefinition } from './slo.interface';
import { validateSlos } from './validate-slos';

const DEFAULTS = {
  slos: 'apps/prediction-api/src/observability/slos.ts',
  out: 'deploy',
};

function argument(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : (process.argv[i + 1] ?? fallback);
}

function main(): void {
  const command = process.argv[2];
  if (command !== 'generate') {
    console.error(
      `Unknown command ${JSON.stringify(command)}. Usage: npm run observability -- generate [--slos FILE] [--out DIR]`,
    );
    process.exit(2);
  }
  const source = resolve(argument('slos', DEFAULTS.slos));
  // The SLO file is TypeScript, loaded through scripts/ts-register.cjs's require hook.
  const { SLOS, RULE_OPTIONS, DASHBOARD_ROWS } = createRequire(__filename)(source) as {
    SLOS?: SloDefinition[];
    RULE_OPTIONS?: RuleOptions;
    DASHBOARD_ROWS?: RowSpec[];
  };
  if (SLOS === undefined || RULE_OPTIONS === undefined) {
    console.error(`${source} must export SLOS and RULE_OPTIONS.`);
    process.exit(2);
  }
  const problems = validateSlos(SLOS);
  if (problems.length > 0) {
    console.error(
      problems.map((p) => `${p.option}: expected ${p.expected}. Fix: ${p.fix}`).join('\n'),
    );
    process.exit(1);
  }
  const out = resolve(argument('out', DEFAULTS.out));
  const files = generateDeployFiles(SLOS, RULE_OPTIONS, DASHBOARD_ROWS ?? []);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(dirname(join(out, file)), { recursive: true });
    writeFileSync(join(out, file), content);
    console.log(`wrote ${join(out, file)}`);
  }
}

main();
