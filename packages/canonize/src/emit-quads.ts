import { iriTerm, knownIriTerm, literalTerm, predicateMiddle, type Quad } from './nquads.js';
import {
  RDF_TYPE, XSD_BOOLEAN, XSD_INTEGER, type NodeMany, type NodeShape, type PropertySpec,
} from './shapes.js';

/** The quads of one document and how many blank nodes they use. */
export interface EmittedQuads {
  quads: Quad[];
  blankNodes: number;
}

// Absolute IRIs that JSON-LD keeps verbatim: a scheme no context defines as a term (so no compact-IRI expansion),
// then only RFC 3986 characters (so rdf-canonize's IRI escaping changes nothing). `_:` blank node ids are excluded.
const SAFE_IRI = /^(?:https?:\/\/|urn:uuid:|did:)[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+$/;
// A lone surrogate would be written differently by different UTF-8 encoders; such strings take the general path.
const LONE_SURROGATE = /\p{Surrogate}/u;

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

function isText(value: unknown): value is string {
  return typeof value === 'string' && !LONE_SURROGATE.test(value);
}

const TYPE_MIDDLE = predicateMiddle(RDF_TYPE);

/**
 * Walks JSON against the known shapes, writing each quad's terms as it goes (a node is its written IRI, or its blank
 * node id). Each `false` means: not covered, let the general path decide.
 */
class Emitter {
  readonly quads: Quad[] = [];
  blankNodes = 0;

  node(value: unknown, shape: NodeShape, ignored: readonly string[] = []): string | number | undefined {
    if (!isPlainObject(value)) return undefined;
    for (const key of shape.required) if (!Object.hasOwn(value, key)) return undefined;
    let subject: string | number;
    if (shape.identity === 'iri') {
      if (!isSafeIri(value.id)) return undefined;
      subject = iriTerm(value.id);
    } else {
      if (Object.hasOwn(value, 'id')) return undefined;
      subject = this.blankNodes++;
    }
    if (shape.type ? !sameJson(value.type, shape.type.json) : Object.hasOwn(value, 'type')) return undefined;
    for (const iri of shape.type?.iris ?? []) this.quads.push({ subject, middle: TYPE_MIDDLE, object: knownIriTerm(iri) });
    for (const [key, child] of Object.entries(value)) {
      if (key === 'id' || key === 'type' || ignored.includes(key)) continue;
      const spec = Object.hasOwn(shape.properties, key) ? shape.properties[key] : undefined;
      if (spec === undefined || !this.property(subject, spec, child)) return undefined;
    }
    return subject;
  }

  private property(subject: string | number, spec: PropertySpec, value: unknown): boolean {
    const add = (object: string | number) => this.quads.push({ subject, middle: predicateMiddle(spec.iri), object });
    switch (spec.kind) {
      case 'string':
        if (!isText(value)) return false;
        add(literalTerm(value, spec.datatype));
        return true;
      case 'integer':
        // jsonld writes a non-double number with toFixed(0); safe integers are never doubles there.
        if (typeof value !== 'number' || !Number.isSafeInteger(value)) return false;
        add(literalTerm(value.toFixed(0), XSD_INTEGER));
        return true;
      case 'literal':
        if (typeof value === 'number') return this.property(subject, { kind: 'integer', iri: spec.iri }, value);
        return this.property(subject, { kind: 'string', iri: spec.iri }, value);
      case 'boolean':
        if (typeof value !== 'boolean') return false;
        add(literalTerm(String(value), XSD_BOOLEAN));
        return true;
      case 'id':
        if (!isSafeIri(value)) return false;
        add(iriTerm(value));
        return true;
      case 'vocab': {
        const iri = typeof value === 'string' && Object.hasOwn(spec.terms, value) ? spec.terms[value] : undefined;
        if (iri === undefined) return false;
        add(knownIriTerm(iri));
        return true;
      }
      case 'node': {
        const items = nodeItems(value, spec.many);
        if (items === undefined) return false;
        const ids = new Set<string>();
        for (const item of items) {
          const object = this.node(item, spec.shape);
          if (object === undefined || (typeof object === 'string' && ids.has(object))) return false;
          if (typeof object === 'string') ids.add(object);
          add(object);
        }
        return true;
      }
    }
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
  return emitter.node(document, shape, ignored) === undefined
    ? undefined : { quads: emitter.quads, blankNodes: emitter.blankNodes };
}
