import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { MissingPackageError } from '../../support/optional-package';
import { generateDeployFiles } from '../prometheus-files';
import type { RuleOptions } from '../rule-options';
import { validateRuleOptions } from '../rule-options';
import type { SloDefinition } from '../slo.interface';
import { validateSlos } from '../validate-slos';
import { CliError } from './cli-error';
import { CLI_MESSAGES } from '../../messages/cli.messages';
import { loadSloModule } from './load-slo-module';

/** Where the command writes: its standard output and error. @internal */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

interface GenerateArguments {
  readonly slos: string;
  readonly out: string;
  /** The generator options given as flags, by `RuleOptions` field. */
  readonly flags: Partial<Record<keyof typeof FLAGS, unknown>>;
  readonly check: boolean;
  readonly dashboard: boolean;
}

const OPTIONS = {
  slos: { type: 'string' },
  out: { type: 'string' },
  job: { type: 'string' },
  port: { type: 'string' },
  'metrics-path': { type: 'string' },
  alertmanager: { type: 'string', multiple: true },
  check: { type: 'boolean', default: false },
  'no-dashboard': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** The flags that set a `RuleOptions` field, by field. */
const FLAGS = {
  job: '--job',
  port: '--port',
  metricsPath: '--metrics-path',
  alertmanagers: '--alertmanager',
} as const;

/**
 * The `nestjs-observability` command: `generate` writes (or with `--check` compares) the
 * Prometheus rules, configurations and Grafana dashboard of the SLOs a module exports. Returns the
 * exit code: 0 done, 1 drift found or SLOs invalid, 2 a usage error or invalid generator options
 * (flags or the module's `RULE_OPTIONS`). Every error is one line that
 * names the fix.
 *
 * @internal
 */
export async function runCli(argv: readonly string[], output: CliOutput): Promise<number> {
  try {
    const parsed = parse(argv);
    if (parsed === 'help') {
      output.out(CLI_MESSAGES.usage);
      return 0;
    }
    return await generate(parsed, output);
  } catch (error) {
    if (error instanceof CliError) {
      output.err(error.message);
      return error.exitCode;
    }
    if (error instanceof MissingPackageError) {
      output.err(CLI_MESSAGES.missingPackage(error.message));
      return 2;
    }
    throw error;
  }
}

function parse(argv: readonly string[]): GenerateArguments | 'help' {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    // Node's advice for an unknown option (how to pass a positional starting with '-') does not
    // apply: the command takes no positional beyond `generate`.
    const detail =
      code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
        ? message.replace(/\. To specify a positional argument[\s\S]*$/, '')
        : message;
    throw new CliError(CLI_MESSAGES.badArguments(detail));
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) return 'help';
  const [command, ...rest] = positionals;
  if (command !== 'generate' || rest.length > 0) {
    throw new CliError(CLI_MESSAGES.unknownCommand(positionals.join(' ')));
  }
  if (values.slos === undefined) {
    throw new CliError(CLI_MESSAGES.missingOption('slos', '--slos dist/observability/slos.js'));
  }
  if (values.out === undefined) {
    throw new CliError(CLI_MESSAGES.missingOption('out', '--out deploy'));
  }
  const flags = {
    job: values.job,
    // A port in digits becomes a number; anything else stays as given, for the error to quote.
    port:
      values.port !== undefined && /^\d+$/.test(values.port) ? Number(values.port) : values.port,
    metricsPath: values['metrics-path'],
    alertmanagers: values.alertmanager,
  };
  return {
    slos: values.slos,
    out: values.out,
    flags: Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)),
    check: values.check,
    dashboard: !values['no-dashboard'],
  };
}

/** The command line that regenerates the files, as the user gave it: named in their header. */
function commandLine(args: GenerateArguments): string {
  const parts = ['nestjs-observability generate', `--slos ${args.slos}`, `--out ${args.out}`];
  for (const [field, flag] of Object.entries(FLAGS)) {
    const value = args.flags[field as keyof typeof FLAGS];
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      parts.push(`${flag} ${String(one)}`);
    }
  }
  if (!args.dashboard) parts.push('--no-dashboard');
  return parts.join(' ');
}

async function generate(args: GenerateArguments, output: CliOutput): Promise<number> {
  const module = await loadSloModule(args.slos);
  const problems = validateSlos(module.SLOS);
  if (problems.length > 0) {
    for (const p of problems) output.err(CLI_MESSAGES.invalidSlo(p.option, p.expected, p.fix));
    return 1;
  }
  const given = { ...module.RULE_OPTIONS, ...args.flags };
  // Each problem is named as the user gave it: a flag, or a field of the module's RULE_OPTIONS.
  const optionProblems = validateRuleOptions(given, (field) =>
    field in args.flags ? FLAGS[field as keyof typeof FLAGS] : `RULE_OPTIONS.${field}`,
  );
  if (optionProblems.length > 0) {
    for (const p of optionProblems) {
      output.err(CLI_MESSAGES.invalidOption(p.option, p.value, p.expected, p.fix));
    }
    return 2;
  }
  const command = module.RULE_OPTIONS?.command ?? commandLine(args);
  const options = { ...given, command };
  const files = generateDeployFiles(
    module.SLOS as SloDefinition[],
    options as RuleOptions,
    module.DASHBOARD_ROWS ?? [],
    { dashboard: args.dashboard },
  );
  return args.check ? check(files, args.out, command, output) : write(files, args.out, output);
}

function write(files: Record<string, string>, out: string, output: CliOutput): number {
  for (const [file, content] of Object.entries(files)) {
    const path = join(out, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    output.out(CLI_MESSAGES.wrote(path));
  }
  return 0;
}

function check(
  files: Record<string, string>,
  out: string,
  command: string,
  output: CliOutput,
): number {
  let drifted = 0;
  for (const [file, content] of Object.entries(files)) {
    const path = join(out, file);
    let committed: string | undefined;
    try {
      committed = readFileSync(path, 'utf8');
    } catch {
      committed = undefined;
    }
    if (committed !== content) {
      drifted++;
      output.err(CLI_MESSAGES.drifted(path, command));
    }
  }
  if (drifted > 0) return 1;
  output.out(CLI_MESSAGES.upToDate(Object.keys(files).length, out));
  return 0;
}
