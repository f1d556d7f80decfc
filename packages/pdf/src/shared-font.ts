import { create, type Font, type GlyphPosition, type GlyphRun } from 'fontkit';

/** fontkit's layout of one text: each glyph by id with the code points it stands for there, and its position. */
interface KeptRun {
  glyphs: { id: number; codePoints: number[] }[];
  positions: GlyphPosition[];
}

/** Texts whose layout a font keeps (words, mostly: pdfkit lays text out a word at a time). Then it starts over. */
const KEPT_RUNS = 4096;

/**
 * A font parsed once and drawn with by one document after another (one thread's). fontkit decodes a font's tables
 * (the OpenType layout lookups above all) when first read and keeps them; parsing the file per document decoded them
 * again each time. Laying out a text is kept too, as the labels and most values recur from one certificate to the
 * next.
 *
 * What stays per document is the glyph objects: fontkit keeps one per id with the code points it was first reached
 * from, and pdfkit maps a document's glyphs back to text (ToUnicode) by those. Glyphs shared between documents
 * would make a document's text map, so its bytes, depend on the documents drawn before it.
 */
export class SharedFont {
  readonly #font: Font;
  readonly #runs = new Map<string, KeptRun>();
  /** What pdfkit is given: the font, with `layout` answered from the kept runs. */
  readonly #drawn: Font;

  constructor(file: Uint8Array) {
    this.#font = create(file);
    this.#drawn = Object.create(this.#font, {
      layout: { value: (text: string, features?: unknown) => this.#layout(text, features) },
    }) as Font;
  }

  /**
   * The font for pdfkit (`registerFont`) to draw the next document with, its glyph objects new. Documents are drawn
   * one at a time: a document's drawing, from its first text to its end, must not interleave with another's.
   */
  forDocument(): object {
    this.#font._glyphs = {};
    return this.#drawn;
  }

  #layout(text: string, features: unknown): GlyphRun {
    if (features !== undefined) return this.#font.layout(text, features);
    let kept = this.#runs.get(text);
    if (!kept) {
      // Laid out with glyph objects of its own, so each keeps the code points it stands for in this text.
      const glyphs = this.#font._glyphs;
      this.#font._glyphs = {};
      const run = this.#font.layout(text);
      this.#font._glyphs = glyphs;
      kept = {
        glyphs: run.glyphs.map(({ id, codePoints }) => ({ id, codePoints })),
        positions: run.positions.map(({ xAdvance, yAdvance, xOffset, yOffset }) => ({ xAdvance, yAdvance, xOffset, yOffset })),
      };
      if (this.#runs.size >= KEPT_RUNS) this.#runs.clear();
      this.#runs.set(text, kept);
    }
    // pdfkit scales the positions it is given in place: each call gets copies.
    return {
      glyphs: kept.glyphs.map(({ id, codePoints }) => this.#drawn.getGlyph(id, codePoints)),
      positions: kept.positions.map((position) => ({ ...position })),
      get advanceWidth() {
        return this.positions.reduce((sum, position) => sum + position.xAdvance, 0);
      },
    } as GlyphRun;
  }
}
