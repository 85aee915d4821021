// Builds the package `nestjs-observability` (libs/observability) into its own dist/: JavaScript,
// declarations and source maps (with the sources inlined, so no TypeScript file ships). With
// --pack (npm's prepack), also copies the repository's README, CHANGELOG and LICENSE into the
// package folder, so the tarball carries them.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const library = join(root, 'libs/observability');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

rmSync(join(library, 'dist'), { recursive: true, force: true });
const build = spawnSync(process.execPath, [tsc, '-p', join(library, 'tsconfig.lib.json')], {
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);
chmodSync(join(library, 'dist/slo/cli/main.js'), 0o755);
if (process.argv.includes('--pack')) {
  for (const file of ['README.md', 'CHANGELOG.md', 'LICENSE']) {
    copyFileSync(join(root, file), join(library, file));
  }
}
