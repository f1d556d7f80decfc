import { createHash } from 'node:crypto';
import { serializeQuad, type BlankNode, type Quad } from './nquads.js';

function mentions(quad: Quad, id: number): boolean {
  return (quad.subject.kind === 'blank' && quad.subject.id === id) ||
    (quad.object.kind === 'blank' && quad.object.id === id);
}

/** RDFC-1.0 §4.6 Hash First Degree Quads: the reference node written `_:a`, every other blank node `_:z`. */
function hashFirstDegree(quads: readonly Quad[], id: number): string {
  const label = (node: BlankNode) => (node.id === id ? 'a' : 'z');
  const lines = quads.filter((quad) => mentions(quad, id)).map((quad) => serializeQuad(quad, label));
  // Plain sort (UTF-16 code units), as rdf-canonize sorts; our hashes must match its output, not an ideal one.
  return createHash('sha256').update(lines.sort().join('')).digest('hex');
}

/**
 * The canonical N-Quads of a dataset per RDFC-1.0, for datasets whose blank nodes all have distinct first-degree
 * hashes. Then the algorithm ends at step 5 (each node gets `c14n<i>` in the order of its hash) and never needs the
 * N-degree hashing of step 6. Returns undefined when two first-degree hashes are equal, so the caller falls back.
 *
 * @param quads - Quads without duplicates, in the default graph; blank nodes numbered `0..blankNodes - 1`.
 * @see https://www.w3.org/TR/rdf-canon/#canon-algorithm
 */
export function canonicalNQuads(quads: readonly Quad[], blankNodes: number): string | undefined {
  const hashes: { id: number; hash: string }[] = [];
  for (let id = 0; id < blankNodes; id++) hashes.push({ id, hash: hashFirstDegree(quads, id) });
  hashes.sort((x, y) => (x.hash < y.hash ? -1 : x.hash > y.hash ? 1 : 0));
  const canonical: string[] = [];
  for (let i = 0; i < hashes.length; i++) {
    if (i > 0 && hashes[i]!.hash === hashes[i - 1]!.hash) return undefined;
    canonical[hashes[i]!.id] = `c14n${i}`;
  }
  const label = (node: BlankNode) => canonical[node.id]!;
  return quads.map((quad) => serializeQuad(quad, label)).sort().join('');
}
