/**
 * A triple in the default graph (the only graph our shapes produce), with its IRI and literal ends written as N-Quads
 * writes them and its blank node ends left as the emitter's local ids (numbers), to be labelled canonically later.
 */
export interface Quad {
  subject: string | number;
  /** The predicate with the spaces around it: ` <iri> `. */
  middle: string;
  object: string | number;
}

// Escapes as rdf-canonize's NQuads serializer does (the serializer jsonld's canonize uses): ECHAR for
// \b \t \n \f \r " \\, UCHAR (\u00XX, upper-case hex) for the other C0 controls and DEL.
const LITERAL_ESCAPE = /[\u0000-\u001F\u007F"\\]/g;
const ECHAR: Record<string, string> = {
  '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r', '"': '\\"', '\\': '\\\\',
};

function escapeLiteral(value: string): string {
  return value.replace(LITERAL_ESCAPE, (char) =>
    ECHAR[char] ?? `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

// The shapes' IRIs are a fixed set, so their written forms are made once: no new string per quad.
const iriTerms = new Map<string, string>();
const middles = new Map<string, string>();

/**
 * An IRI term as N-Quads writes it, unescaped: the emitter only produces IRIs made of RFC 3986 characters, for which
 * rdf-canonize's IRI escaping is the identity. For IRIs that come from documents, not from the shapes.
 */
export function iriTerm(iri: string): string {
  return `<${iri}>`;
}

/** {@link iriTerm} of an IRI from the shapes (a bounded set: each written once and kept). */
export function knownIriTerm(iri: string): string {
  let term = iriTerms.get(iri);
  if (term === undefined) iriTerms.set(iri, term = iriTerm(iri));
  return term;
}

/** A predicate from the shapes with the spaces that surround it in a line: ` <iri> `. */
export function predicateMiddle(iri: string): string {
  let middle = middles.get(iri);
  if (middle === undefined) middles.set(iri, middle = ` ${iriTerm(iri)} `);
  return middle;
}

function typed(literal: string, datatype: string | undefined): string {
  return datatype === undefined ? literal : `${literal}^^${knownIriTerm(datatype)}`;
}

/** A typed literal whose lexical form has nothing to escape (an integer's digits, `true`, `false`). */
export function plainLiteralTerm(lexical: string, datatype: string): string {
  return typed(`"${lexical}"`, datatype);
}

/** A literal term as N-Quads writes it; `datatype` undefined means `xsd:string` (written without `^^`). */
function literalTerm(value: string, datatype?: string): string {
  return typed(`"${escapeLiteral(value)}"`, datatype);
}

// A lone surrogate would be written differently by different UTF-8 encoders; such strings take the general path.
const LONE_SURROGATE = /\p{Surrogate}/u;
// What needs a closer look: a character to escape or any surrogate (paired ones are fine). One scan finds neither
// in most strings.
const ESCAPE_OR_SURROGATE = /[\u0000-\u001F\u007F"\\\uD800-\uDFFF]/;

/**
 * A JSON string as a literal term (see {@link literalTerm}), or undefined when it holds a lone surrogate, which
 * the fast path leaves to the general one.
 */
export function textTerm(value: string, datatype?: string): string | undefined {
  if (!ESCAPE_OR_SURROGATE.test(value)) return typed(`"${value}"`, datatype);
  return LONE_SURROGATE.test(value) ? undefined : literalTerm(value, datatype);
}
