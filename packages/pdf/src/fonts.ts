import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** One embedded font file and the code points it covers (from its package's `unicode.json`). */
export interface FontFace {
  /** The name the face is registered under in the PDF document. */
  name: string;
  file: Buffer;
  /** Inclusive code point ranges. */
  ranges: [number, number][];
}

const require = createRequire(import.meta.url);

/** The faces, in the order a code point's face is looked up. All Noto Sans, so runs in any script match. */
const FACES = [
  { name: 'latin', pkg: '@fontsource/noto-sans', subset: 'latin' },
  { name: 'latin-ext', pkg: '@fontsource/noto-sans', subset: 'latin-ext' },
  { name: 'vietnamese', pkg: '@fontsource/noto-sans', subset: 'vietnamese' },
  { name: 'sinhala', pkg: '@fontsource/noto-sans-sinhala', subset: 'sinhala' },
  { name: 'tamil', pkg: '@fontsource/noto-sans-tamil', subset: 'tamil' },
  { name: 'lao', pkg: '@fontsource/noto-sans-lao', subset: 'lao' },
] as const;

/** The bold face for headings (Latin text only). */
export const BOLD_FACE = 'latin-bold';

function parseRanges(text: string): [number, number][] {
  return text.split(',').map((part) => {
    const [from, to = from] = part.trim().replace(/^U\+/, '').split('-');
    return [Number.parseInt(from!, 16), Number.parseInt(to!, 16)];
  });
}

function fontFile(pkg: string, file: string): { path: string; unicode: Record<string, string> } {
  const path = require.resolve(`${pkg}/files/${file}`);
  const unicode = JSON.parse(readFileSync(join(dirname(path), '..', 'unicode.json'), 'utf8')) as Record<string, string>;
  return { path, unicode };
}

/**
 * Loads the embedded fonts (WOFF files of the `@fontsource` Noto Sans packages). Reads files: call once per process
 * and reuse the result.
 * @throws Error when a font package is not installed.
 */
export function loadFontFaces(): { faces: FontFace[]; bold: FontFace } {
  const faces = FACES.map(({ name, pkg, subset }) => {
    const prefix = pkg.slice('@fontsource/'.length);
    const { path, unicode } = fontFile(pkg, `${prefix}-${subset}-400-normal.woff`);
    return { name, file: readFileSync(path), ranges: parseRanges(unicode[subset]!) };
  });
  const bold = fontFile('@fontsource/noto-sans', 'noto-sans-latin-700-normal.woff');
  return { faces, bold: { name: BOLD_FACE, file: readFileSync(bold.path), ranges: parseRanges(bold.unicode.latin!) } };
}
