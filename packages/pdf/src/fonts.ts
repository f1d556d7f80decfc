import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SharedFont } from './shared-font.js';
import { woffToSfnt } from './woff.js';

/** One embedded font file and the code points it covers (from its package's `unicode.json`). */
export interface FontFace {
  /** The name the face is registered under in the PDF document. */
  name: string;
  /** The font as TrueType/OpenType (unwrapped from its WOFF once, so no document inflates it again). */
  file: Buffer;
  /** `file` parsed once, for the documents drawn with these faces one after another. */
  font: SharedFont;
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

/** The faces a certificate is drawn with: one per script, looked up in order, and the bold face for headings. */
export interface FontFaces {
  faces: FontFace[];
  bold: FontFace;
}

function face(name: string, path: string, ranges: string): FontFace {
  const file = woffToSfnt(readFileSync(path));
  return { name, file, font: new SharedFont(file), ranges: parseRanges(ranges) };
}

/**
 * Loads the embedded fonts (WOFF files of the `@fontsource` Noto Sans packages, unwrapped to TrueType, parsed). Reads
 * and inflates files (a few milliseconds): call once per process or thread and pass the result to every render.
 * @throws Error when a font package is not installed.
 */
export function loadFontFaces(): FontFaces {
  const faces = FACES.map(({ name, pkg, subset }) => {
    const prefix = pkg.slice('@fontsource/'.length);
    const { path, unicode } = fontFile(pkg, `${prefix}-${subset}-400-normal.woff`);
    return face(name, path, unicode[subset]!);
  });
  const bold = fontFile('@fontsource/noto-sans', 'noto-sans-latin-700-normal.woff');
  return { faces, bold: face(BOLD_FACE, bold.path, bold.unicode.latin!) };
}
