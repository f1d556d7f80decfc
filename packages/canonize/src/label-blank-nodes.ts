import { hash } from 'node:crypto';
import type { EmittedNode, EmittedQuads } from './emit-quads.js';
import type { Quad } from './nquads.js';

function line(quad: Quad, label: (id: number) => string): string {
  const subject = typeof quad.subject === 'number' ? `_:${label(quad.subject)}` : quad.subject;
  const object = typeof quad.object === 'number' ? `_:${label(quad.object)}` : quad.object;
  return `${subject}${quad.middle}${object} .\n`;
}

function byHash(x: { hash: string }, y: { hash: string }): number {
  return x.hash < y.hash ? -1 : x.hash > y.hash ? 1 : 0;
}

/** RDFC-1.0 §4.6 Hash First Degree Quads: the reference node written `_:a`, every other blank node `_:z`. */
function hashFirstDegree(quads: readonly Quad[], id: number): string {
  const label = (other: number) => (other === id ? 'a' : 'z');
  const lines = quads.map((quad) => line(quad, label));
  // Plain sort (UTF-16 code units), as rdf-canonize sorts; our hashes must match its output, not an ideal one.
  return hash('sha256', lines.sort().join(''), 'hex');
}

const localLabel = (id: number) => String(id);

/** RDFC-1.0 by sorting, for any quads: repeated quads once, each node's first-degree hash from its sorted lines. */
function sortedNQuads(quads: readonly Quad[], blankNodes: number): string | undefined {
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
  hashes.sort(byHash);
  const canonical: string[] = [];
  for (let i = 0; i < hashes.length; i++) {
    if (i > 0 && hashes[i]!.hash === hashes[i - 1]!.hash) return undefined;
    canonical[hashes[i]!.id] = `c14n${i}`;
  }
  const label = (id: number) => canonical[id]!;
  for (const quad of withBlankNodes) lines.push(line(quad, label));
  return lines.sort().join('');
}

/**
 * The first-degree hash of a blank node of a tree, from its lines in their sorted order without a sort: the line
 * of its holder when that is an IRI node (`<` sorts before `_`), then its own as `_:a` in their order, then its
 * holder's when that is a blank node (`_:z`).
 */
function treeFirstDegree(node: EmittedNode, holder: Quad | undefined): string {
  let text = holder !== undefined && typeof holder.subject === 'string' ? `${holder.subject}${holder.middle}_:a .\n` : '';
  for (const quad of node.quads) text += `_:a${quad.middle}${typeof quad.object === 'number' ? '_:z' : quad.object} .\n`;
  if (holder !== undefined && typeof holder.subject === 'number') text += `_:z${holder.middle}_:a .\n`;
  return hash('sha256', text, 'hex');
}

/**
 * RDFC-1.0 without sorting lines, for ordered quads (see `EmittedQuads.ordered`): IRI nodes in the order of their
 * subjects, each node's lines in its order, then the blank nodes in the order of their labels.
 */
function orderedNQuads(emitted: EmittedQuads): string | undefined {
  const iriNodes: EmittedNode[] = [];
  const blankNodes: { node: EmittedNode; hash: string }[] = [];
  for (const node of emitted.nodes) {
    if (typeof node.subject === 'string') iriNodes.push(node);
    else blankNodes.push({ node, hash: emitted.blankNodes === 1 ? '' : treeFirstDegree(node, emitted.holders[node.subject]) });
  }
  iriNodes.sort((x, y) => (x.subject < y.subject ? -1 : 1));
  blankNodes.sort(byHash);
  const labels: string[] = [];
  for (let i = 0; i < blankNodes.length; i++) {
    if (i > 0 && blankNodes[i]!.hash === blankNodes[i - 1]!.hash) return undefined;
    labels[blankNodes[i]!.node.subject as number] = `c14n${i}`;
  }
  const label = (id: number) => labels[id]!;
  let text = '';
  for (const node of iriNodes) for (const quad of node.quads) text += line(quad, label);
  for (const { node } of blankNodes) for (const quad of node.quads) text += line(quad, label);
  return text;
}

/**
 * The canonical N-Quads of a dataset per RDFC-1.0, for datasets whose blank nodes all have distinct first-degree
 * hashes. Then the algorithm ends at step 5 (each node gets `c14n<i>` in the order of its hash) and never needs the
 * N-degree hashing of step 6. Returns undefined when two first-degree hashes are equal, so the caller falls back.
 *
 * A quad given twice counts once, as in an RDF dataset (a set): JSON-LD's node map keeps one copy of a repeated
 * value, and a context may map several terms to one IRI (DIVOC's maps `batch`, `vaccine` and `certificateId` all to
 * `schema:id`). Ordered quads of up to ten blank nodes (whose labels `c14n0`..`c14n9` sort as their numbers) are
 * written in their order, as sorting would write them; any others are sorted.
 *
 * @see https://www.w3.org/TR/rdf-canon/#canon-algorithm
 */
export function canonicalNQuads(emitted: EmittedQuads): string | undefined {
  if (emitted.ordered && emitted.blankNodes <= 10) return orderedNQuads(emitted);
  return sortedNQuads(emitted.nodes.flatMap((node) => node.quads), emitted.blankNodes);
}
