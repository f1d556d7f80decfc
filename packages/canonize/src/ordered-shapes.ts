import { knownIriTerm, predicateMiddle } from './nquads.js';
import { RDF_TYPE, type NodeShape, type PropertySpec } from './shapes.js';

/** One member of a node shape, with the predicate it writes. */
export interface OrderedEntry {
  key: string;
  /** The property's spec; undefined for `type`, which writes {@link OrderedShape.typeTerms}. */
  spec: PropertySpec | undefined;
  /** The predicate as written in a line, ` <iri> `. */
  middle: string;
}

/**
 * A node shape's members in the order their quads sort (by predicate: each predicate is written ` <iri> ` and no IRI
 * holds a `>`, so no predicate is the start of another and the predicate alone orders two quads of one subject), and
 * its class IRIs written and sorted, the objects of its `rdf:type` quads in their order.
 */
export interface OrderedShape {
  entries: readonly OrderedEntry[];
  typeTerms: readonly string[];
  /** Whether two members (or two classes) give one predicate: then quads may repeat and their order needs a sort. */
  repeatsPredicate: boolean;
}

const TYPE_MIDDLE = predicateMiddle(RDF_TYPE);
const ordered = new WeakMap<NodeShape, OrderedShape>();

function orderShape(shape: NodeShape): OrderedShape {
  const entries: OrderedEntry[] = Object.entries(shape.properties)
    .map(([key, spec]) => ({ key, spec, middle: predicateMiddle(spec.iri) }));
  if (shape.type) entries.push({ key: 'type', spec: undefined, middle: TYPE_MIDDLE });
  entries.sort((x, y) => (x.middle < y.middle ? -1 : x.middle > y.middle ? 1 : 0));
  const typeTerms = (shape.type?.iris ?? []).map(knownIriTerm).sort();
  const middles = new Set(entries.map((entry) => entry.middle));
  return { entries, typeTerms, repeatsPredicate: middles.size !== entries.length || new Set(typeTerms).size !== typeTerms.length };
}

/** {@link OrderedShape} of a shape, made once per shape object. */
export function orderedShape(shape: NodeShape): OrderedShape {
  let result = ordered.get(shape);
  if (result === undefined) ordered.set(shape, result = orderShape(shape));
  return result;
}
