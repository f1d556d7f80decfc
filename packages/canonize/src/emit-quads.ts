import { iriTerm, knownIriTerm, plainLiteralTerm, textTerm, type Quad } from './nquads.js';
import { orderedShape, type OrderedEntry } from './ordered-shapes.js';
import { XSD_BOOLEAN, XSD_INTEGER, type NodeMany, type NodeShape, type PropertySpec } from './shapes.js';

/** One node object's quads, its subject in every one of them. */
export interface EmittedNode {
  subject: string | number;
  quads: Quad[];
}

/** The quads of one document, node by node, and how many blank nodes they use. */
export interface EmittedQuads {
  /** The node objects in document order (a node before the nodes it holds). */
  nodes: EmittedNode[];
  /** The quad naming each blank node as its object, by blank node id (each blank node is held by one quad). */
  holders: Quad[];
  blankNodes: number;
  /**
   * Whether each node's quads are in their canonical order and distinct, and no IRI names two nodes: no node shape
   * gives one predicate twice and no property holds two blank nodes. Otherwise the quads need a sort and may repeat.
   */
  ordered: boolean;
}

// Absolute IRIs that JSON-LD keeps verbatim: a scheme no context defines as a term (so no compact-IRI expansion),
// then only RFC 3986 characters (so rdf-canonize's IRI escaping changes nothing). `_:` blank node ids are excluded.
const SAFE_IRI = /^(?:https?:\/\/|urn:uuid:|did:)[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function sameJson(value: unknown, expected: string | readonly string[]): boolean {
  if (typeof expected === 'string') return value === expected;
  return Array.isArray(value) && value.length === expected.length && expected.every((item, i) => value[i] === item);
}

/** The node objects a `node` property holds, or undefined when their number or form is not the one described. */
function nodeItems(value: unknown, many: NodeMany | undefined): readonly unknown[] | undefined {
  if (many === undefined) return [value];
  if (!Array.isArray(value)) return many.lone ? [value] : undefined;
  return value.length >= 1 && value.length <= many.max ? value : undefined;
}

function isSafeIri(value: unknown): value is string {
  return typeof value === 'string' && SAFE_IRI.test(value);
}

/** The number of keys of `value` that are not `ignored` (own enumerable string keys: what JSON-LD reads). */
function keyCount(value: object, ignored: readonly string[]): number {
  let count = 0;
  for (const key in value) if (!ignored.includes(key)) count++;
  return count;
}

/**
 * Walks JSON against the known shapes, each node's members in the order of their predicates, writing each quad's
 * terms as it goes (a node is its written IRI, or its blank node id). Each `undefined` or `false` means: not
 * covered, let the general path decide.
 */
class Emitter implements EmittedQuads {
  readonly nodes: EmittedNode[] = [];
  readonly holders: Quad[] = [];
  blankNodes = 0;
  ordered = true;
  private readonly iris: string[] = [];

  node(value: unknown, shape: NodeShape, ignored: readonly string[] = []): string | number | undefined {
    if (!isPlainObject(value)) return undefined;
    for (const key of shape.required) if (!Object.hasOwn(value, key)) return undefined;
    const order = orderedShape(shape);
    let subject: string | number;
    if (shape.identity === 'iri') {
      if (!isSafeIri(value.id)) return undefined;
      subject = iriTerm(value.id);
      if (this.iris.includes(subject)) this.ordered = false;
      else this.iris.push(subject);
    } else {
      if (Object.hasOwn(value, 'id')) return undefined;
      subject = this.blankNodes++;
    }
    if (order.repeatsPredicate) this.ordered = false;
    if (shape.type ? !sameJson(value.type, shape.type.json) : Object.hasOwn(value, 'type')) return undefined;
    const node: EmittedNode = { subject, quads: [] };
    this.nodes.push(node);
    let members = shape.identity === 'iri' ? 1 : 0;
    for (const entry of order.entries) {
      if (!Object.hasOwn(value, entry.key)) continue;
      members++;
      if (!this.member(node, entry, order.typeTerms, value[entry.key])) return undefined;
    }
    return members === keyCount(value, ignored) ? subject : undefined;
  }

  private member(node: EmittedNode, entry: OrderedEntry, typeTerms: readonly string[], value: unknown): boolean {
    const { spec, middle } = entry;
    if (spec === undefined) {
      for (const object of typeTerms) node.quads.push({ subject: node.subject, middle, object });
      return true;
    }
    const object = this.object(spec, value);
    if (object === undefined) return spec.kind === 'node' && this.held(node, spec, middle, value);
    node.quads.push({ subject: node.subject, middle, object });
    return true;
  }

  /** The object a property other than `node` writes, or undefined when the value is not covered (or a node). */
  private object(spec: PropertySpec, value: unknown): string | undefined {
    switch (spec.kind) {
      case 'string':
        return typeof value === 'string' ? textTerm(value, spec.datatype) : undefined;
      case 'integer':
        // jsonld writes a non-double number with toFixed(0); safe integers are never doubles there, and String writes
        // them alike (no exponent below 1e21, -0 as 0).
        return typeof value === 'number' && Number.isSafeInteger(value) ? plainLiteralTerm(String(value), XSD_INTEGER) : undefined;
      case 'literal':
        return this.object({ kind: typeof value === 'number' ? 'integer' : 'string', iri: spec.iri }, value);
      case 'boolean':
        return typeof value === 'boolean' ? plainLiteralTerm(String(value), XSD_BOOLEAN) : undefined;
      case 'id':
        return isSafeIri(value) ? iriTerm(value) : undefined;
      case 'vocab': {
        const iri = typeof value === 'string' && Object.hasOwn(spec.terms, value) ? spec.terms[value] : undefined;
        return iri === undefined ? undefined : knownIriTerm(iri);
      }
      case 'node':
        return undefined;
    }
  }

  /** The quads of a `node` property: one per node object it holds, IRIs in their order. */
  private held(node: EmittedNode, spec: PropertySpec & { kind: 'node' }, middle: string, value: unknown): boolean {
    const items = nodeItems(value, spec.many);
    if (items === undefined) return false;
    const objects: (string | number)[] = [];
    for (const item of items) {
      const object = this.node(item, spec.shape);
      if (object === undefined || objects.includes(object)) return false;
      objects.push(object);
    }
    if (objects.length > 1) {
      if (objects.some((object) => typeof object === 'number')) this.ordered = false;
      objects.sort();
    }
    for (const object of objects) {
      const quad = { subject: node.subject, middle, object };
      node.quads.push(quad);
      if (typeof object === 'number') this.holders[object] = quad;
    }
    return true;
  }
}

/**
 * The quads of `document` read as `shape`, or undefined when the document has anything the shape does not describe
 * exactly (an unknown key, a missing required key, a value of another JSON type, an IRI outside the safe form).
 *
 * @param ignored - Top-level keys to skip (`@context`, which the caller checks itself).
 */
export function emitQuads(document: unknown, shape: NodeShape, ignored: readonly string[]): EmittedQuads | undefined {
  const emitter = new Emitter();
  return emitter.node(document, shape, ignored) === undefined ? undefined : emitter;
}
