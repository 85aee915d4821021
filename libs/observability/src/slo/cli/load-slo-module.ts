import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RowSpec } from '../dashboard-panels';
import type { RuleOptions } from '../rule-options';
import { CLI_MESSAGES } from '../../messages/cli.messages';
import { CliError } from './cli-error';
import { isRecord, isRowList, rowsProblem } from './row-problems';

/** What an SLO module exports. @internal */
export interface SloModule {
  readonly SLOS: unknown;
  readonly RULE_OPTIONS?: Partial<RuleOptions>;
  readonly DASHBOARD_ROWS?: readonly RowSpec[];
}

/** An object: its fields are checked by the command (`validateRuleOptions`), each by name. */
const isRuleOptions = (v: unknown): v is Partial<RuleOptions> => isRecord(v);

/**
 * Loads the module at `path` (relative to the working directory): `require` first (CommonJS, and
 * ES modules and type-stripped TypeScript on the Node versions that load them that way), then
 * `import()` for ES modules with top-level await. Checks the shape of what it exports.
 *
 * @internal
 */
export async function loadSloModule(path: string): Promise<SloModule> {
  const absolute = resolve(path);
  if (!existsSync(absolute)) throw new CliError(CLI_MESSAGES.moduleNotFound(path));
  let exported: unknown;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    exported = require(absolute);
  } catch (error) {
    if (!isRecord(error) || error.code !== 'ERR_REQUIRE_ASYNC_MODULE') {
      throw new CliError(CLI_MESSAGES.moduleFailed(path, firstLine(error)));
    }
    try {
      exported = await import(pathToFileURL(absolute).href);
    } catch (importError) {
      throw new CliError(CLI_MESSAGES.moduleFailed(path, firstLine(importError)));
    }
  }
  const { SLOS, RULE_OPTIONS, DASHBOARD_ROWS } = isRecord(exported) ? exported : {};
  if (!Array.isArray(SLOS)) throw new CliError(CLI_MESSAGES.noSlos(path));
  if (RULE_OPTIONS !== undefined && !isRuleOptions(RULE_OPTIONS)) {
    throw new CliError(CLI_MESSAGES.badRuleOptions(path));
  }
  if (DASHBOARD_ROWS !== undefined && !isRowList(DASHBOARD_ROWS)) {
    throw new CliError(CLI_MESSAGES.badRows(path, rowsProblem(DASHBOARD_ROWS) ?? ''));
  }
  return { SLOS, RULE_OPTIONS, DASHBOARD_ROWS };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}
