import { hash } from 'node:crypto';
import type { Quad } from './nquads.js';

function line(quad: Quad, label: (id: number) => string): string {
  const subject = typeof quad.subject === 'number' ? `_:${label(quad.subject)}` : quad.subject;
  const object = typeof quad.object === 'number' ? `_:${label(quad.object)}` : quad.object;
  return `${subject}${quad.middle}${object} .\n`;
}

/** RDFC-1.0 §4.6 Hash First Degree Quads: the reference node written `_:a`, every other blank node `_:z`. */
function hashFirstDegree(quads: readonly Quad[], id: number): string {
  const label = (other: number) => (other === id ? 'a' : 'z');
  const lines = quads.map((quad) => line(quad, label));
  // Plain sort (UTF-16 code units), as rdf-canonize sorts; our hashes must match its output, not an ideal one.
  return hash('sha256', lines.sort().join(''), 'hex');
}

const localLabel = (id: number) => String(id);

/**
 * The canonical N-Quads of a dataset per RDFC-1.0, for datasets whose blank nodes all have distinct first-degree
 * hashes. Then the algorithm ends at step 5 (each node gets `c14n<i>` in the order of its hash) and never needs the
 * N-degree hashing of step 6. Returns undefined when two first-degree hashes are equal, so the caller falls back.
 *
 * A quad given twice counts once, as in an RDF dataset (a set): JSON-LD's node map keeps one copy of a repeated
 * value, and a context may map several terms to one IRI (DIVOC's maps `batch`, `vaccine` and `certificateId` all to
 * `schema:id`). N-Quads terms are unambiguous, so the lines with local blank node labels tell the quads apart; a
 * quad without blank nodes is that line already, the line it ends as.
 *
 * @param quads - Quads in the default graph; blank nodes numbered `0..blankNodes - 1`.
 * @see https://www.w3.org/TR/rdf-canon/#canon-algorithm
 */
export function canonicalNQuads(quads: readonly Quad[], blankNodes: number): string | undefined {
  const seen = new Set<string>();
  const lines: string[] = [];
  const withBlankNodes: Quad[] = [];
  const mentioning: Quad[][] = Array.from({ length: blankNodes }, () => []);
  for (const quad of quads) {
    const written = line(quad, localLabel);
    if (seen.has(written)) continue;
    seen.add(written);
    const { subject, object } = quad;
    if (typeof subject !== 'number' && typeof object !== 'number') {
      lines.push(written);
      continue;
    }
    withBlankNodes.push(quad);
    if (typeof subject === 'number') mentioning[subject]!.push(quad);
    if (typeof object === 'number' && object !== subject) mentioning[object]!.push(quad);
  }
  const hashes: { id: number; hash: string }[] = [];
  for (let id = 0; id < blankNodes; id++) hashes.push({ id, hash: hashFirstDegree(mentioning[id]!, id) });
  hashes.sort((x, y) => (x.hash < y.hash ? -1 : x.hash > y.hash ? 1 : 0));
  const canonical: string[] = [];
  for (let i = 0; i < hashes.length; i++) {
    if (i > 0 && hashes[i]!.hash === hashes[i - 1]!.hash) return undefined;
    canonical[hashes[i]!.id] = `c14n${i}`;
  }
  const label = (id: number) => canonical[id]!;
  for (const quad of withBlankNodes) lines.push(line(quad, label));
  return lines.sort().join('');
}
