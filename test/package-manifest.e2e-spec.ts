import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..');
const LIBRARY = join(ROOT, 'libs/observability');

interface Manifest {
  readonly dependencies: Record<string, string>;
  readonly peerDependencies: Record<string, string>;
  readonly peerDependenciesMeta: Record<string, { optional?: boolean }>;
}

const manifest = JSON.parse(readFileSync(join(LIBRARY, 'package.json'), 'utf8')) as Manifest;

/** The package a bare specifier belongs to: `@scope/name` or `name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

/** The library's runtime sources: every `.ts` file under src but the unit tests. */
function sources(dir = join(LIBRARY, 'src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** The packages the runtime sources name, by how they load them, with the files that do. */
function packagesNamed(): {
  loaded: Map<string, string>;
  typesOnly: Map<string, string>;
  optional: Map<string, string>;
} {
  const loaded = new Map<string, string>();
  const typesOnly = new Map<string, string>();
  const optional = new Map<string, string>();
  const bare = (specifier: string) => !specifier.startsWith('.') && !specifier.startsWith('node:');
  for (const file of sources()) {
    const text = readFileSync(file, 'utf8');
    const where = relative(ROOT, file);
    for (const [, type, specifier] of text.matchAll(
      /^(?:import|export)\s+(type\s+)?[^;]*?\bfrom\s+'([^']+)'/gms,
    )) {
      if (!bare(specifier as string)) continue;
      (type ? typesOnly : loaded).set(packageOf(specifier as string), where);
    }
    for (const [, specifier] of text.matchAll(/\b(?:require|import)\(\s*'([^']+)'\s*\)/g)) {
      if (bare(specifier as string)) loaded.set(packageOf(specifier as string), where);
    }
    for (const [, specifier] of text.matchAll(
      /\b(?:loadOptionalPackage|resolveOptionalPackage)\b[^']{0,200}?\(\s*'([^']+)'/g,
    )) {
      optional.set(packageOf(specifier as string), where);
    }
  }
  for (const name of loaded.keys()) typesOnly.delete(name);
  return { loaded, typesOnly, optional };
}

/** The peer dependencies the library's own dependencies ask for (npm does not install them for it). */
function peersOfDependencies(): Set<string> {
  const peers = new Set<string>();
  for (const name of Object.keys(manifest.dependencies)) {
    // Installed beside the library, or hoisted to the repository's node_modules.
    const path = [LIBRARY, ROOT]
      .map((dir) => join(dir, 'node_modules', name, 'package.json'))
      .find((file) => existsSync(file));
    if (path === undefined) continue;
    const own = JSON.parse(readFileSync(path, 'utf8')) as { peerDependencies?: object };
    for (const peer of Object.keys(own.peerDependencies ?? {})) peers.add(peer);
  }
  return peers;
}

describe("the package's dependencies are exactly what its runtime loads", () => {
  const { loaded, typesOnly, optional } = packagesNamed();
  const declared = { ...manifest.dependencies, ...manifest.peerDependencies };
  const isOptional = (name: string) => manifest.peerDependenciesMeta[name]?.optional === true;

  it('declares every package the runtime imports, as a dependency or a required peer', () => {
    const undeclared = [...loaded]
      .filter(([name]) => !builtinModules.includes(name) && !(name in declared))
      .map(([name, file]) => `${name} (${file})`);
    expect(undeclared).toEqual([]);
    const optionalButImported = [...loaded]
      .filter(([name]) => isOptional(name))
      .map(([name, file]) => `${name} (${file})`);
    expect(optionalButImported).toEqual([]);
  });

  it('declares every package loaded only when a feature is used as an optional peer', () => {
    const notOptional = [...optional]
      .filter(([name]) => !isOptional(name))
      .map(([name, file]) => `${name} (${file})`);
    expect(notOptional).toEqual([]);
    // Types of a package the runtime never loads come from a peer the application may lack.
    const typesOfUndeclared = [...typesOnly]
      .filter(([name]) => !(name in declared))
      .map(([name, file]) => `${name} (${file})`);
    expect(typesOfUndeclared).toEqual([]);
  });

  it('depends on nothing its code and declarations do not name, but the peers of its dependencies', () => {
    const neededPeers = peersOfDependencies();
    const unused = Object.keys(manifest.dependencies).filter(
      (name) => !loaded.has(name) && !typesOnly.has(name) && !neededPeers.has(name),
    );
    expect(unused).toEqual([]);
  });
});
