// The known shapes, written out from the contexts they are read under: https://www.w3.org/2018/credentials/v1,
// contexts/credentials/{vaccination,test-result}/{v1,v2}.json and https://w3id.org/security/suites/ed25519-2020/v1.
// Each property maps to the IRI and value conversion its term definition gives. The differential spec proves the
// result equal to jsonld's expansion + toRDF + RDFC-1.0; the context digests in contexts.ts pin the documents.

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const SCHEMA = 'https://schema.org/';
const HC = 'https://w3id.org/healthcred#';
const CRED = 'https://www.w3.org/2018/credentials#';
const SEC = 'https://w3id.org/security#';
const STATUS = 'https://www.w3.org/ns/credentials/status#';

const XSD_DATE = `${XSD}date`;
const XSD_DATE_TIME = `${XSD}dateTime`;
/** `xsd:integer`, the datatype of a JSON integer under an integer coercion. */
export const XSD_INTEGER = `${XSD}integer`;
/** `xsd:boolean`. */
export const XSD_BOOLEAN = `${XSD}boolean`;
/** `rdf:type`. */
export const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

/** How one JSON property becomes one quad. */
export type PropertySpec =
  /** A JSON string as a literal, typed when the term has a `@type` coercion. */
  | { kind: 'string'; iri: string; datatype?: string }
  /** A JSON safe integer under an `xsd:integer` coercion. */
  | { kind: 'integer'; iri: string }
  /** A term with no type coercion holding a JSON string (a plain literal) or a safe integer (`xsd:integer`). */
  | { kind: 'literal'; iri: string }
  /** A JSON boolean under an `xsd:boolean` coercion. */
  | { kind: 'boolean'; iri: string }
  /** A JSON string under an `@id` coercion: an IRI object. */
  | { kind: 'id'; iri: string }
  /** A JSON string under an `@vocab` coercion: one of a fixed set of terms, each an IRI. */
  | { kind: 'vocab'; iri: string; terms: Readonly<Record<string, string>> }
  /** A nested node object, or several (see {@link NodeMany}). */
  | { kind: 'node'; iri: string; shape: NodeShape; many?: NodeMany };

/**
 * A property holding an array of 1 to `max` node objects, with distinct ids when they have ids (JSON-LD would merge
 * two nodes of one id, and their repeated quads with them); with `lone`, a lone node object too, which is the same
 * RDF as an array of one.
 */
export interface NodeMany {
  max: number;
  lone?: boolean;
}

/** A node object: its identity, its exact `type`, and its properties. */
export interface NodeShape {
  /** `iri`: the node must have an `id` that is an absolute IRI; `blank`: it must have no `id`. */
  identity: 'iri' | 'blank';
  /** The exact JSON value of `type` (a string, or an array in this order) and the class IRIs it expands to. */
  type?: { json: string | readonly string[]; iris: readonly string[] };
  required: readonly string[];
  properties: Readonly<Record<string, PropertySpec>>;
}

const text = (iri: string): PropertySpec => ({ kind: 'string', iri });

const ADDRESS: NodeShape = {
  identity: 'blank',
  required: ['addressCountry'],
  properties: {
    streetAddress: text(`${SCHEMA}streetAddress`),
    streetAddress2: text(`${HC}streetAddress2`),
    district: text(`${HC}district`),
    city: text(`${SCHEMA}addressLocality`),
    addressRegion: text(`${SCHEMA}addressRegion`),
    addressCountry: text(`${SCHEMA}addressCountry`),
    postalCode: text(`${SCHEMA}postalCode`),
  },
};

const PERSON: NodeShape = {
  identity: 'iri',
  type: { json: 'Person', iris: [`${SCHEMA}Person`] },
  required: ['name', 'dob'],
  properties: {
    refId: text(`${HC}refId`),
    name: text(`${SCHEMA}name`),
    dob: { kind: 'string', iri: `${SCHEMA}birthDate`, datatype: XSD_DATE },
    gender: text(`${SCHEMA}gender`),
    age: { kind: 'integer', iri: `${HC}age` },
    nationality: text(`${SCHEMA}nationality`),
    address: { kind: 'node', iri: `${SCHEMA}address`, shape: ADDRESS },
  },
};

/** The subject under the v2 contexts: v1's, with the name parts and their Latin forms. */
const PERSON_V2: NodeShape = {
  ...PERSON,
  properties: {
    ...PERSON.properties,
    givenName: text(`${SCHEMA}givenName`),
    familyName: text(`${SCHEMA}familyName`),
    latinGivenName: text(`${HC}latinGivenName`),
    latinFamilyName: text(`${HC}latinFamilyName`),
  },
};

const STATUS_ENTRY: NodeShape = {
  identity: 'iri',
  type: { json: 'BitstringStatusListEntry', iris: [`${STATUS}BitstringStatusListEntry`] },
  required: ['statusPurpose', 'statusListIndex', 'statusListCredential'],
  properties: {
    statusPurpose: text(`${STATUS}statusPurpose`),
    statusListIndex: text(`${STATUS}statusListIndex`),
    statusListCredential: { kind: 'id', iri: `${STATUS}statusListCredential` },
  },
};

const EVIDENCE_COMMON: Readonly<Record<string, PropertySpec>> = {
  certificateId: text(`${HC}certificateId`),
  infoUrl: { kind: 'id', iri: `${HC}infoUrl` },
  feedbackUrl: { kind: 'id', iri: `${HC}feedbackUrl` },
  verifier: {
    kind: 'node', iri: `${HC}verifier`,
    shape: { identity: 'blank', required: ['name'], properties: { name: text(`${SCHEMA}name`) } },
  },
  facility: {
    kind: 'node', iri: `${HC}facility`,
    shape: {
      identity: 'blank', required: ['name', 'address'],
      properties: { name: text(`${SCHEMA}name`), address: { kind: 'node', iri: `${SCHEMA}address`, shape: ADDRESS } },
    },
  },
};

const VACCINATION: NodeShape = {
  identity: 'iri',
  type: { json: ['Vaccination'], iris: [`${HC}Vaccination`] },
  required: ['certificateId', 'batch', 'vaccine', 'manufacturer', 'date', 'effectiveStart', 'dose', 'totalDoses',
    'facility'],
  properties: {
    ...EVIDENCE_COMMON,
    batch: text(`${HC}batch`),
    vaccine: text(`${HC}vaccine`),
    manufacturer: text(`${HC}manufacturer`),
    icd11Code: text(`${HC}icd11Code`),
    prophylaxis: text(`${HC}prophylaxis`),
    date: { kind: 'string', iri: `${HC}vaccinationDate`, datatype: XSD_DATE_TIME },
    effectiveStart: { kind: 'string', iri: `${HC}effectiveStart`, datatype: XSD_DATE },
    effectiveUntil: { kind: 'string', iri: `${HC}effectiveUntil`, datatype: XSD_DATE },
    dose: { kind: 'integer', iri: `${HC}dose` },
    totalDoses: { kind: 'integer', iri: `${HC}totalDoses` },
  },
};

const TEST_RESULT: NodeShape = {
  identity: 'iri',
  type: { json: ['TestResult'], iris: [`${HC}TestResult`] },
  required: ['certificateId', 'disease', 'testType', 'sampleCollectionTimestamp', 'result', 'facility'],
  properties: {
    ...EVIDENCE_COMMON,
    disease: text(`${HC}disease`),
    testType: text(`${HC}testType`),
    testName: text(`${HC}testName`),
    manufacturer: text(`${HC}manufacturer`),
    batch: text(`${HC}batch`),
    sampleOrigin: text(`${HC}sampleOrigin`),
    sampleCollectionTimestamp: { kind: 'string', iri: `${HC}sampleCollectionTimestamp`, datatype: XSD_DATE_TIME },
    resultTimestamp: { kind: 'string', iri: `${HC}resultTimestamp`, datatype: XSD_DATE_TIME },
    result: text(`${HC}result`),
  },
};

function credential(type: string, evidence: NodeShape, person: NodeShape): NodeShape {
  return {
    identity: 'iri',
    type: { json: ['VerifiableCredential', type], iris: [`${CRED}VerifiableCredential`, `${HC}${type}`] },
    required: ['issuer', 'issuanceDate', 'nonTransferable', 'credentialSubject', 'evidence'],
    properties: {
      issuer: { kind: 'id', iri: `${CRED}issuer` },
      issuanceDate: { kind: 'string', iri: `${CRED}issuanceDate`, datatype: XSD_DATE_TIME },
      expirationDate: { kind: 'string', iri: `${CRED}expirationDate`, datatype: XSD_DATE_TIME },
      nonTransferable: { kind: 'boolean', iri: `${HC}nonTransferable` },
      credentialSubject: { kind: 'node', iri: `${CRED}credentialSubject`, shape: person },
      // One entry as credentials were first issued, or the two (revocation, suspension) new credentials carry.
      credentialStatus: { kind: 'node', iri: `${CRED}credentialStatus`, shape: STATUS_ENTRY, many: { max: 2, lone: true } },
      evidence: { kind: 'node', iri: `${CRED}evidence`, shape: evidence, many: { max: 1 } },
    },
  };
}

/**
 * The credentials as the builders make them, without `@context` and proof, by kind and context version:
 * `ProofOfVaccinationCredential` and `ProofOfTestCertificateCredential`, under v1 or v2 (which adds the name parts).
 */
export const CREDENTIAL_SHAPES: Readonly<Record<'vaccination' | 'test-result', Readonly<Record<1 | 2, NodeShape>>>> = {
  vaccination: {
    1: credential('ProofOfVaccinationCredential', VACCINATION, PERSON),
    2: credential('ProofOfVaccinationCredential', VACCINATION, PERSON_V2),
  },
  'test-result': {
    1: credential('ProofOfTestCertificateCredential', TEST_RESULT, PERSON),
    2: credential('ProofOfTestCertificateCredential', TEST_RESULT, PERSON_V2),
  },
};

/** The Ed25519Signature2020 proof options document (the proof without `proofValue`), without `@context`. */
export const PROOF_OPTIONS: NodeShape = {
  identity: 'blank',
  type: { json: 'Ed25519Signature2020', iris: [`${SEC}Ed25519Signature2020`] },
  required: ['created', 'verificationMethod', 'proofPurpose'],
  properties: {
    created: { kind: 'string', iri: 'http://purl.org/dc/terms/created', datatype: XSD_DATE_TIME },
    verificationMethod: { kind: 'id', iri: `${SEC}verificationMethod` },
    proofPurpose: { kind: 'vocab', iri: `${SEC}proofPurpose`, terms: { assertionMethod: `${SEC}assertionMethod` } },
  },
};
