// Builds the package `nestjs-observability` (libs/observability): JavaScript, declarations and
// source maps (with the sources inlined, so no TypeScript file ships).
//   (no flag)      into libs/observability/dist
//   --pack         the same, plus the repository's README, CHANGELOG and LICENSE copied into the
//                  package folder (npm's prepack: the tarball carries them)
//   --stage <dir>  a complete package folder in <dir> (package.json, dist, docs), built without
//                  touching libs/observability/dist, for tests that pack it while others run it
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const library = join(root, 'libs/observability');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const stageAt = process.argv.indexOf('--stage');
const target = stageAt === -1 ? library : resolve(process.argv[stageAt + 1] ?? '');
const withDocs = stageAt !== -1 || process.argv.includes('--pack');

rmSync(join(target, 'dist'), { recursive: true, force: true });
mkdirSync(target, { recursive: true });
const project = join(library, 'tsconfig.lib.json');
const build = spawnSync(process.execPath, [tsc, '-p', project, '--outDir', join(target, 'dist')], {
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);
chmodSync(join(target, 'dist/slo/cli/main.js'), 0o755);
if (stageAt !== -1) copyFileSync(join(library, 'package.json'), join(target, 'package.json'));
if (withDocs) {
  for (const file of ['README.md', 'CHANGELOG.md', 'LICENSE']) {
    copyFileSync(join(root, file), join(target, file));
  }
}
