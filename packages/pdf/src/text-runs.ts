import type { FontFace } from './fonts.js';

/** A stretch of text drawn with one font face. */
export interface TextRun {
  face: string;
  text: string;
}

/** Marks, joiners and variation selectors: they belong to the run of the character before them. */
const JOINS_PREVIOUS = /^[\p{M}\u200c\u200d\ufe00-\ufe0f]$/u;
/** Characters every face has (spaces, punctuation): they do not start a new run. */
const NEUTRAL = /^[\p{Zs}\p{P}]$/u;

function covers(face: FontFace, codePoint: number): boolean {
  return face.ranges.some(([from, to]) => codePoint >= from && codePoint <= to);
}

/**
 * Splits `text` (NFC-normalised) into runs, each with the first face that has its characters, so a Sinhala or
 * Tamil cluster (with its virama, vowel signs and ZWJ) stays in one run and is shaped as a whole. Characters no
 * face covers stay in the current run (they show as the font's missing glyph). Pure.
 */
export function splitTextRuns(text: string, faces: readonly FontFace[]): TextRun[] {
  const runs: TextRun[] = [];
  for (const char of text.normalize('NFC')) {
    const current = runs[runs.length - 1];
    const codePoint = char.codePointAt(0)!;
    const keep = current && (JOINS_PREVIOUS.test(char) || (NEUTRAL.test(char) && covers(faceNamed(faces, current.face), codePoint)));
    const face = keep ? current.face : (faces.find((candidate) => covers(candidate, codePoint)) ?? faces[0]!).name;
    if (current && current.face === face) current.text += char;
    else runs.push({ face, text: char });
  }
  return runs;
}

function faceNamed(faces: readonly FontFace[], name: string): FontFace {
  return faces.find((face) => face.name === name) ?? faces[0]!;
}
