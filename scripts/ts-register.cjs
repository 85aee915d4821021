// Lets plain `node` load the project's TypeScript sources: transpiles each .ts file on require
// with the project's decorator settings, and resolves the `@app/observability` alias. Tests use it
// to run code in a real process (where process-level events such as unhandledRejection are real);
// benchmarks use it to run without a build step.
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const { join } = require('node:path');
const ts = require('typescript');

const ALIASES = { '@app/observability': join(__dirname, '../libs/observability/src/index.ts') };
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolveFilename.call(this, ALIASES[request] ?? request, ...rest);
};

const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2023,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  esModuleInterop: true,
  sourceMap: false,
};

require.extensions['.ts'] = (module, filename) => {
  const source = readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename });
  module._compile(outputText, filename);
};
