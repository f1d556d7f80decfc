// The known shapes, written out from the contexts they are read under: https://www.w3.org/2018/credentials/v1,
// contexts/credentials/{vaccination,test-result}/{v1,v2}.json, https://w3id.org/vc/status-list/2021/v1 (npm
// @digitalbazaar/vc-status-list-context) and https://w3id.org/security/suites/ed25519-2020/v1;
// https://www.w3.org/ns/credentials/v2 with contexts/credentials/{vaccination,test-result}/v3.json.
// Each property maps to the IRI and value conversion its term definition gives. The differential spec proves the
// result equal to jsonld's expansion + toRDF + RDFC-1.0; the context digests in contexts.ts pin the documents.

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const SCHEMA = 'https://schema.org/';
const HC = 'https://w3id.org/healthcred#';
const CRED = 'https://www.w3.org/2018/credentials#';
export const SEC = 'https://w3id.org/security#';
const STATUS = 'https://www.w3.org/ns/credentials/status#';
const STATUS_2021 = 'https://w3id.org/vc/status-list#';

const XSD_DATE = `${XSD}date`;
export const XSD_DATE_TIME = `${XSD}dateTime`;
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

/** A `StatusList2021Entry` under the Status List 2021 context: its scoped terms, `statusListIndex` a plain literal. */
const STATUS_ENTRY_2021: NodeShape = {
  identity: 'iri',
  type: { json: 'StatusList2021Entry', iris: [`${STATUS_2021}StatusList2021Entry`] },
  required: ['statusPurpose', 'statusListIndex', 'statusListCredential'],
  properties: {
    statusPurpose: text(`${STATUS_2021}statusPurpose`),
    statusListIndex: text(`${STATUS_2021}statusListIndex`),
    statusListCredential: { kind: 'id', iri: `${STATUS_2021}statusListCredential` },
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

// VC 1.1 names the validity period issuanceDate/expirationDate; VC 2.0 (its context types both xsd:dateTime too)
// validFrom/validUntil. The other credential terms expand to the same IRIs under both contexts.
const VALIDITY = {
  vc1: { from: 'issuanceDate', until: 'expirationDate' },
  vc2: { from: 'validFrom', until: 'validUntil' },
} as const;

function credential(
  type: string, evidence: NodeShape, person: NodeShape, model: keyof typeof VALIDITY = 'vc1', status: NodeShape = STATUS_ENTRY,
): NodeShape {
  const { from, until } = VALIDITY[model];
  return {
    identity: 'iri',
    type: { json: ['VerifiableCredential', type], iris: [`${CRED}VerifiableCredential`, `${HC}${type}`] },
    required: ['issuer', from, 'nonTransferable', 'credentialSubject', 'evidence'],
    properties: {
      issuer: { kind: 'id', iri: `${CRED}issuer` },
      [from]: { kind: 'string', iri: `${CRED}${from}`, datatype: XSD_DATE_TIME },
      [until]: { kind: 'string', iri: `${CRED}${until}`, datatype: XSD_DATE_TIME },
      nonTransferable: { kind: 'boolean', iri: `${HC}nonTransferable` },
      credentialSubject: { kind: 'node', iri: `${CRED}credentialSubject`, shape: person },
      // One entry as credentials were first issued, or the two (revocation, suspension) new credentials carry.
      credentialStatus: { kind: 'node', iri: `${CRED}credentialStatus`, shape: status, many: { max: 2, lone: true } },
      evidence: { kind: 'node', iri: `${CRED}evidence`, shape: evidence, many: { max: 1 } },
    },
  };
}

/**
 * The credentials as the builders make them, without `@context` and proof, by kind and context version:
 * `ProofOfVaccinationCredential` and `ProofOfTestCertificateCredential`, under v1 or v2 (which adds the name parts),
 * and of the VC 2.0 form under v3 (v2's terms; the status entry as the VC 2.0 context defines it, the same IRIs).
 */
export const CREDENTIAL_SHAPES: Readonly<Record<'vaccination' | 'test-result', Readonly<Record<1 | 2 | 3, NodeShape>>>> = {
  vaccination: {
    1: credential('ProofOfVaccinationCredential', VACCINATION, PERSON),
    2: credential('ProofOfVaccinationCredential', VACCINATION, PERSON_V2),
    3: credential('ProofOfVaccinationCredential', VACCINATION, PERSON_V2, 'vc2'),
  },
  'test-result': {
    1: credential('ProofOfTestCertificateCredential', TEST_RESULT, PERSON),
    2: credential('ProofOfTestCertificateCredential', TEST_RESULT, PERSON_V2),
    3: credential('ProofOfTestCertificateCredential', TEST_RESULT, PERSON_V2, 'vc2'),
  },
};

/**
 * The same credentials under the Status List 2021 context (`[VC v1, <kind>/v<n>, Status List 2021, Ed25519-2020]`),
 * whose `credentialStatus` holds `StatusList2021Entry`s: what new credentials carry.
 */
export const CREDENTIAL_SHAPES_STATUS_LIST_2021: Readonly<Record<'vaccination' | 'test-result', Readonly<Record<1 | 2, NodeShape>>>> = {
  vaccination: {
    1: credential('ProofOfVaccinationCredential', VACCINATION, PERSON, 'vc1', STATUS_ENTRY_2021),
    2: credential('ProofOfVaccinationCredential', VACCINATION, PERSON_V2, 'vc1', STATUS_ENTRY_2021),
  },
  'test-result': {
    1: credential('ProofOfTestCertificateCredential', TEST_RESULT, PERSON, 'vc1', STATUS_ENTRY_2021),
    2: credential('ProofOfTestCertificateCredential', TEST_RESULT, PERSON_V2, 'vc1', STATUS_ENTRY_2021),
  },
};
