// What each workspace imports against what its package.json declares, read from the sources themselves. The test
// suite fails on any drift (scripts/test/workspace-imports.spec.ts); `node scripts/lib/workspace-imports.mjs` prints
// the same findings for a person.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';

const SOURCE = /\.(ts|tsx|mts|mjs|js)$/;
const SKIP_DIRS = new Set(['node_modules', 'dist', '.vite', 'coverage']);
/** `import … from 'x'`, `export … from 'x'`, `import 'x'`, `import('x')`, `require('x')`, `require.resolve('x')`. */
const SPECIFIERS = [
  /^\s*(?:import|export)\s[^'"`;]*?\bfrom\s*(['"])([^'"\n]+)\1/gm,
  /^\s*import\s*(['"])([^'"\n]+)\1/gm,
  /\b(?:import|require|require\.resolve|import\.meta\.resolve)\s*\(\s*(['"])([^'"\n]+)\1\s*[,)]/g,
];
const BUILTINS = new Set(builtinModules);

function filesUnder(dir) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return SKIP_DIRS.has(name) ? [] : filesUnder(path);
    return SOURCE.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Strips comments (keeping their line breaks) so that a specifier quoted in prose is not read as an import. */
function code(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ''))
    .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Every import specifier in `file`, with its line. */
function importsOf(file) {
  const text = code(readFileSync(file, 'utf8'));
  return SPECIFIERS.flatMap((pattern) => [...text.matchAll(pattern)]).map((match) => ({
    specifier: match[2],
    line: text.slice(0, match.index + match[0].search(/\S/)).split('\n').length,
  }));
}

/** The workspaces of the root package.json, each with its manifest. */
export function listWorkspaces(root) {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  return manifest.workspaces.flatMap((pattern) => {
    const base = join(root, pattern.replace(/\/\*$/, ''));
    return readdirSync(base)
      .map((name) => join(base, name))
      .filter((dir) => {
        try {
          return statSync(join(dir, 'package.json')).isFile();
        } catch {
          return false;
        }
      })
      .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }));
  });
}

/**
 * The drift between imports and declarations, one line per problem naming the file and what to do:
 * - a source file (`src/`) imports a package its workspace does not declare in `dependencies`;
 * - a test or bench file imports a package declared neither by its workspace nor by the root's `devDependencies`;
 * - a relative import leaves its workspace (shared test code belongs in a workspace that is declared);
 * - a package (under packages/) depends on a service (under services/);
 * - a declared dependency that no file of the workspace imports.
 * @param {string} root the repository root
 * @returns {string[]}
 */
export function findImportDrift(root) {
  const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const rootDev = new Set(Object.keys(rootManifest.devDependencies ?? {}));
  const workspaces = listWorkspaces(root);
  const services = new Set(
    workspaces.filter(({ dir }) => relative(root, dir).startsWith(`services${sep}`)).map(({ manifest }) => manifest.name),
  );
  const problems = [];
  for (const { dir, manifest } of workspaces) {
    const name = manifest.name;
    const dependencies = new Set([
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.peerDependencies ?? {}),
    ]);
    const devDependencies = new Set(Object.keys(manifest.devDependencies ?? {}));
    const used = new Set();
    const isPackage = relative(root, dir).startsWith(`packages${sep}`);
    if (isPackage) {
      for (const dependency of dependencies) {
        if (services.has(dependency)) problems.push(`${name}: a package depends on the service ${dependency}`);
      }
    }
    const files = filesUnder(dir).filter((file) => !relative(dir, file).startsWith('dist'));
    for (const file of files) {
      const where = relative(root, file);
      const inSource = relative(dir, file).startsWith(`src${sep}`);
      for (const { specifier, line } of importsOf(file)) {
        if (specifier.startsWith('.')) {
          const target = resolve(dirname(file), specifier);
          if (!target.startsWith(dir + sep)) {
            problems.push(`${where}:${line}: '${specifier}' reaches outside ${name}; import it from a declared workspace`);
          }
          continue;
        }
        if (specifier.startsWith('node:') || BUILTINS.has(specifier.split('/')[0])) continue;
        if (specifier.startsWith('/') || specifier.startsWith('virtual:')) continue;
        const dependency = packageOf(specifier);
        if (dependency === name) continue;
        used.add(dependency);
        const declared = inSource
          ? dependencies.has(dependency)
          : dependencies.has(dependency) || devDependencies.has(dependency) || rootDev.has(dependency);
        if (!declared) {
          const field = inSource ? 'dependencies' : 'devDependencies (or the root devDependencies)';
          problems.push(`${where}:${line}: imports '${dependency}', which ${name} does not declare in ${field}`);
        }
      }
    }
    // A package found by name at run time (`require.resolve(pkg)` over a table of names) counts as used.
    const texts = files.map((file) => readFileSync(file, 'utf8'));
    const named = (dependency) =>
      texts.some((text) => ["'", '"'].some((quote) => text.includes(`${quote}${dependency}${quote}`)));
    for (const dependency of [...dependencies, ...devDependencies]) {
      if (!used.has(dependency) && !named(dependency)) {
        problems.push(`${name}: declares '${dependency}' but nothing in it imports it`);
      }
    }
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = resolve(dirname(new URL(import.meta.url).pathname), '../..');
  const problems = findImportDrift(root);
  for (const problem of problems) console.log(problem);
  console.error(`${problems.length} problem(s)`);
  process.exitCode = problems.length > 0 ? 1 : 0;
}
