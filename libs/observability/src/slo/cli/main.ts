#!/usr/bin/env node
/**
 * The `nestjs-observability` command (the package's `bin`). See `nestjs-observability --help`.
 *
 * @module
 */
import { CLI_MESSAGES } from '../../messages/cli.messages';
import { runCli } from './cli';

runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `${CLI_MESSAGES.unexpectedFailure(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`,
    );
    process.exitCode = 70;
  },
);
