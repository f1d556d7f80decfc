// fontkit 2 (pdfkit's font engine) ships no types: only what this package hands to pdfkit.
declare module 'fontkit' {
  /** A parsed font. pdfkit lays text out with it and subsets it per document; its decoded tables stay cached on it. */
  export interface Font {
    layout(text: string, features?: unknown): unknown;
  }

  /** Parses a TrueType/OpenType file (a collection when the file is one). */
  export function create(buffer: Uint8Array, postscriptName?: string): Font;
}
