import { createHash } from 'node:crypto';
import { serializeTerm, type Quad } from './nquads.js';

/** A quad with its fixed parts written once: the blank node ends are left to label per use. */
interface PreparedQuad {
  subject: string | number;
  middle: string;
  object: string | number;
}

function prepare(quad: Quad): PreparedQuad {
  const end = (node: Quad['subject'] | Quad['object']) => (node.kind === 'blank' ? node.id : serializeTerm(node));
  return { subject: end(quad.subject), middle: ` <${quad.predicate}> `, object: end(quad.object) };
}

function line(quad: PreparedQuad, label: (id: number) => string): string {
  const subject = typeof quad.subject === 'number' ? `_:${label(quad.subject)}` : quad.subject;
  const object = typeof quad.object === 'number' ? `_:${label(quad.object)}` : quad.object;
  return `${subject}${quad.middle}${object} .\n`;
}

/** RDFC-1.0 §4.6 Hash First Degree Quads: the reference node written `_:a`, every other blank node `_:z`. */
function hashFirstDegree(quads: readonly PreparedQuad[], id: number): string {
  const label = (other: number) => (other === id ? 'a' : 'z');
  const lines = quads.map((quad) => line(quad, label));
  // Plain sort (UTF-16 code units), as rdf-canonize sorts; our hashes must match its output, not an ideal one.
  return createHash('sha256').update(lines.sort().join('')).digest('hex');
}

/**
 * The quads once each, as in an RDF dataset (a set): JSON-LD's node map keeps one copy of a repeated value, and a
 * context may map several terms to one IRI (DIVOC's maps `batch`, `vaccine` and `certificateId` all to `schema:id`).
 * N-Quads terms are unambiguous, so the written forms tell the quads apart.
 */
function distinct(quads: PreparedQuad[]): PreparedQuad[] {
  const seen = new Set<string>();
  const end = (value: string | number) => (typeof value === 'number' ? `_:${value}` : value);
  return quads.filter((quad) => {
    const key = `${end(quad.subject)}${quad.middle}${end(quad.object)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The canonical N-Quads of a dataset per RDFC-1.0, for datasets whose blank nodes all have distinct first-degree
 * hashes. Then the algorithm ends at step 5 (each node gets `c14n<i>` in the order of its hash) and never needs the
 * N-degree hashing of step 6. Returns undefined when two first-degree hashes are equal, so the caller falls back.
 * A quad given twice counts once.
 *
 * @param quads - Quads in the default graph; blank nodes numbered `0..blankNodes - 1`.
 * @see https://www.w3.org/TR/rdf-canon/#canon-algorithm
 */
export function canonicalNQuads(quads: readonly Quad[], blankNodes: number): string | undefined {
  const prepared = distinct(quads.map(prepare));
  const mentioning: PreparedQuad[][] = Array.from({ length: blankNodes }, () => []);
  for (const quad of prepared) {
    if (typeof quad.subject === 'number') mentioning[quad.subject]!.push(quad);
    if (typeof quad.object === 'number' && quad.object !== quad.subject) mentioning[quad.object]!.push(quad);
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
  return prepared.map((quad) => line(quad, label)).sort().join('');
}
