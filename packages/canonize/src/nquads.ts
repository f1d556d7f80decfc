/** An IRI term. */
export interface NamedNode {
  kind: 'iri';
  value: string;
}

/** A blank node, labelled by the emitter with a local id (relabelled canonically later). */
export interface BlankNode {
  kind: 'blank';
  id: number;
}

/** A literal; `datatype` undefined means `xsd:string` (written without `^^`). */
export interface Literal {
  kind: 'literal';
  value: string;
  datatype?: string;
}

/** A triple in the default graph (the only graph our shapes produce). */
export interface Quad {
  subject: NamedNode | BlankNode;
  predicate: string;
  object: NamedNode | BlankNode | Literal;
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

/**
 * An IRI or literal term as N-Quads writes it. IRIs are written unescaped: the emitter only produces IRIs made of
 * RFC 3986 characters, for which rdf-canonize's IRI escaping is the identity.
 */
export function serializeTerm(node: NamedNode | Literal): string {
  if (node.kind === 'iri') return `<${node.value}>`;
  const literal = `"${escapeLiteral(node.value)}"`;
  return node.datatype === undefined ? literal : `${literal}^^<${node.datatype}>`;
}
