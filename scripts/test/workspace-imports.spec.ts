import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { findImportDrift } from '../lib/workspace-imports.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A repository of two workspaces, written to a temporary directory. */
function repository(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'healthcred-workspaces-'));
  const all: Record<string, string> = {
    'package.json': JSON.stringify({ workspaces: ['packages/*', 'services/*'], devDependencies: { chai: '5' } }),
    'packages/core/package.json': JSON.stringify({ name: '@x/core', dependencies: { fflate: '1' } }),
    'packages/core/src/index.ts': "import { gzipSync } from 'fflate';\nexport const zip = gzipSync;\n",
    'services/app/package.json': JSON.stringify({ name: '@x/app', dependencies: { '@x/core': '0' } }),
    'services/app/src/main.ts': "import { zip } from '@x/core';\nimport { join } from 'node:path';\nzip(join('a'));\n",
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('workspace declarations (scripts/lib/workspace-imports.mjs)', () => {
  describe('negative', () => {
    it('names a source import its workspace does not declare, with file and line', () => {
      const root = repository({ 'packages/core/src/extra.ts': "// a comment naming 'left-pad' is no import\nimport pad from 'left-pad';\n" });
      expect(findImportDrift(root)).to.deep.equal([
        "packages/core/src/extra.ts:2: imports 'left-pad', which @x/core does not declare in dependencies",
      ]);
    });

    it('names a test reaching into another workspace by relative path, and a package depending on a service', () => {
      const root = repository({
        'packages/core/package.json': JSON.stringify({ name: '@x/core', dependencies: { fflate: '1', '@x/app': '0' } }),
        'packages/core/src/uses-app.ts': "import '@x/app';\n",
        'packages/core/test/a.spec.ts': "import { expect } from 'chai';\nimport { helper } from '../../../services/app/test/helper.js';\n",
      });
      expect(findImportDrift(root)).to.have.members([
        '@x/core: a package depends on the service @x/app',
        "packages/core/test/a.spec.ts:2: '../../../services/app/test/helper.js' reaches outside @x/core; import it from a declared workspace",
      ]);
    });

    it('names a declared dependency nothing imports', () => {
      const root = repository({ 'services/app/package.json': JSON.stringify({ name: '@x/app', dependencies: { '@x/core': '0', pino: '9' } }) });
      expect(findImportDrift(root)).to.deep.equal(["@x/app: declares 'pino' but nothing in it imports it"]);
    });
  });

  it('finds nothing in a repository whose declarations match its imports', () => {
    expect(findImportDrift(repository({}))).to.deep.equal([]);
  });

  it('finds nothing in this repository: every workspace declares exactly what it imports', () => {
    expect(findImportDrift(ROOT)).to.deep.equal([]);
  });
});
