import { create, type Font, type GlyphPosition, type GlyphRun } from 'fontkit';

/** A glyph as pdfkit reads it from a layout: its id, the code points it stands for, and its advance. */
interface KeptGlyph {
  id: number;
  codePoints: number[];
  advanceWidth: number;
}

/** fontkit's layout of one text. */
interface KeptRun {
  glyphs: KeptGlyph[];
  positions: GlyphPosition[];
}

/** Texts whose layout a font keeps (words, mostly: pdfkit lays text out a word at a time). Then it starts over. */
const KEPT_RUNS = 4096;

/**
 * A font parsed once and drawn with by every document of a thread. fontkit decodes a font's tables
 * (the OpenType layout lookups above all) and each glyph's metrics when first read and keeps them; parsing the file
 * per document decoded them again each time. The layout of each text is kept too, as the labels and most values
 * recur from one certificate to the next.
 *
 * What stays per document is which code points a glyph stands for: pdfkit maps a document's glyphs back to text
 * (ToUnicode) by those of the first use of each glyph in it, as fontkit keeps one glyph object per id. Shared glyph
 * objects would make a document's text map, so its bytes, depend on the documents drawn before it.
 */
export class SharedFont {
  readonly #font: Font;
  readonly #runs = new Map<string, KeptRun>();

  constructor(file: Uint8Array) {
    this.#font = create(file);
  }

  /** The font for pdfkit (`registerFont`) to draw one document with. */
  forDocument(): object {
    const glyphs = new Map<number, KeptGlyph>();
    const layout = (text: string, features?: unknown): GlyphRun => this.#layout(text, features, glyphs);
    return Object.create(this.#font, { layout: { value: layout } }) as Font;
  }

  /** The layout of `text`, with the document's glyph for each id (the first it drew). */
  #layout(text: string, features: unknown, documentGlyphs: Map<number, KeptGlyph>): GlyphRun {
    const key = features === undefined ? text : `${JSON.stringify(features)}\n${text}`;
    const kept = this.#runs.get(key) ?? this.#keep(key, text, features);
    return {
      glyphs: kept.glyphs.map((glyph) => {
        const first = documentGlyphs.get(glyph.id);
        if (first) return first;
        documentGlyphs.set(glyph.id, glyph);
        return glyph;
      }),
      // pdfkit scales the positions it is given in place: each call gets copies.
      positions: kept.positions.map((position) => ({ ...position })),
      get advanceWidth() {
        return this.positions.reduce((sum, position) => sum + position.xAdvance, 0);
      },
    } as GlyphRun;
  }

  #keep(key: string, text: string, features: unknown): KeptRun {
    // Laid out with glyph objects of its own, so that each has the code points it stands for in this text.
    const shared = this.#font._glyphs;
    this.#font._glyphs = {};
    let run: GlyphRun;
    try {
      run = this.#font.layout(text, features);
    } finally {
      this.#font._glyphs = shared;
    }
    const kept = {
      glyphs: run.glyphs.map(({ id, codePoints }) => ({ id, codePoints, advanceWidth: this.#font.getGlyph(id).advanceWidth })),
      positions: run.positions.map(({ xAdvance, yAdvance, xOffset, yOffset }) => ({ xAdvance, yAdvance, xOffset, yOffset })),
    };
    if (this.#runs.size >= KEPT_RUNS) this.#runs.clear();
    this.#runs.set(key, kept);
    return kept;
  }
}
