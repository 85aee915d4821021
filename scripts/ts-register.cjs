// Lets plain `node` load the project's TypeScript sources: transpiles each .ts file on require
// with the project's decorator settings, and resolves the package's entry points
// (`nestjs-observability`, `/testing`, `/register`, `/slo`) and the `@app/observability` alias to
// the library's sources. Tests use it
// to run code in a real process (where process-level events such as unhandledRejection are real);
// benchmarks use it to run without a build step.
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const { join } = require('node:path');
const ts = require('typescript');

const SOURCES = join(__dirname, '../libs/observability/src');
const ALIASES = {
  '@app/observability': join(SOURCES, 'index.ts'),
  'nestjs-observability': join(SOURCES, 'index.ts'),
  'nestjs-observability/testing': join(SOURCES, 'testing/index.ts'),
  'nestjs-observability/register': join(SOURCES, 'register/index.ts'),
  'nestjs-observability/slo': join(SOURCES, 'slo/index.ts'),
};
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
