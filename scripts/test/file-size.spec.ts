import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The most lines a source file may have (STYLE.md: split before it grows past this). */
const MAX_LINES = 250;

/** Lines as `wc -l` counts them, plus a last line without its newline. */
function lineCount(text: string): number {
  return text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/** Every `.ts` file under `dir`, at any depth. */
function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.isFile() && entry.name.endsWith('.ts') ? [path] : [];
  });
}

/**
 * The source files of `packages/*` and `services/*` (under each workspace's `src/`, not declarations, not tests)
 * over {@link MAX_LINES} lines, each named with its length, in path order.
 */
function longSourceFiles(root: string): string[] {
  const sources = ['packages', 'services'].flatMap((group) => {
    let workspaces: string[];
    try {
      workspaces = readdirSync(join(root, group));
    } catch {
      return [];
    }
    return workspaces.flatMap((workspace) => {
      const src = join(root, group, workspace, 'src');
      try {
        return typeScriptFiles(src);
      } catch {
        return [];
      }
    });
  });
  return sources
    .filter((path) => !path.endsWith('.d.ts') && !/\.(spec|test)\.ts$/.test(path))
    .map((path) => ({ path: relative(root, path).split('\\').join('/'), lines: lineCount(readFileSync(path, 'utf8')) }))
    .filter((file) => file.lines > MAX_LINES)
    .sort((a, b) => (a.path < b.path ? -1 : 1))
    .map((file) => `${file.path}: ${file.lines} lines (at most ${MAX_LINES})`);
}

/** A repository of the given files, written to a temporary directory. */
function repository(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'healthcred-file-size-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const lines = (n: number, end = '\n') => `${Array.from({ length: n }, (_, i) => `const a${i} = ${i};`).join('\n')}${end}`;

describe(`source file size (at most ${MAX_LINES} lines)`, () => {
  describe('negative', () => {
    it('names each source file over the limit with its length, at any depth, in packages and services', () => {
      const root = repository({
        'packages/core/src/big.ts': lines(251),
        'packages/core/src/deep/nested/bigger.ts': lines(400),
        'services/app/src/main.ts': lines(300, ''),
        'packages/core/src/fits.ts': lines(250),
      });
      expect(longSourceFiles(root)).to.deep.equal([
        'packages/core/src/big.ts: 251 lines (at most 250)',
        'packages/core/src/deep/nested/bigger.ts: 400 lines (at most 250)',
        'services/app/src/main.ts: 300 lines (at most 250)',
      ]);
    });
  });

  it('leaves out tests, declarations, built output and files outside src', () => {
    const root = repository({
      'packages/core/test/long.spec.ts': lines(500),
      'packages/core/src/long.spec.ts': lines(500),
      'packages/core/src/types.d.ts': lines(500),
      'packages/core/dist/index.ts': lines(500),
      'packages/core/src/index.ts': lines(250),
      'scripts/long.ts': lines(500),
    });
    expect(longSourceFiles(root)).to.deep.equal([]);
  });

  it('finds no source file over the limit in this repository', () => {
    expect(longSourceFiles(ROOT)).to.deep.equal([]);
  });
});
