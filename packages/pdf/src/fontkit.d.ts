// fontkit 2 (pdfkit's font engine) ships no types: what this package uses of it.
declare module 'fontkit' {
  export interface Glyph {
    id: number;
    /** The code points the glyph was first reached from (fontkit keeps one glyph object per id per font). */
    codePoints: number[];
    advanceWidth: number;
  }

  export interface GlyphPosition {
    xAdvance: number;
    yAdvance: number;
    xOffset: number;
    yOffset: number;
  }

  export interface GlyphRun {
    glyphs: Glyph[];
    positions: GlyphPosition[];
  }

  /** A parsed font. Tables are decoded when first read and kept on it. */
  export interface Font {
    layout(text: string, features?: unknown): GlyphRun;
    getGlyph(id: number, codePoints?: number[]): Glyph;
    /** The glyph objects made so far, by id (fontkit's own, not in its documentation). */
    _glyphs: Record<number, Glyph>;
  }

  /** Parses a TrueType/OpenType file (a collection when the file is one). */
  export function create(buffer: Uint8Array, postscriptName?: string): Font;
}
