// DIVOC's vaccination credential, as its W3C template (context v1) and DDCC template (context v2) write it, read
// under https://www.w3.org/2018/credentials/v1 and the npm `vaccination-context` 1.1.0 documents; its test
// certificate as test_certificate_signer writes it, under DIVOC's test-certificate context v1. Every term of those
// contexts maps to a plain `schema:` IRI or to a `vac:` compact IRI that JSON-LD 1.1 keeps verbatim (the `vac`
// prefix does not end in a gen-delim, so `vac:city` stays the IRI `vac:city`). No term has a type coercion but the
// VC v1 ones, so DIVOC's strings ("27", "true", "") are plain literals and its integers (dose, a postal code)
// `xsd:integer`, whichever a field holds. Its templates leave a field out when the record lacks it (certificateId),
// so only what makes a node is required: the field absent is the quad absent, in jsonld as here.
// The differential spec proves the result equal to jsonld's; the context digests in divoc-contexts.ts pin the files.
import type { NodeShape, PropertySpec } from './shapes.js';

const SCHEMA = 'https://schema.org/';
const CRED = 'https://www.w3.org/2018/credentials#';
const SEC = 'https://w3id.org/security#';
const XSD_DATE_TIME = 'http://www.w3.org/2001/XMLSchema#dateTime';

const text = (iri: string): PropertySpec => ({ kind: 'literal', iri });
const schema = (name: string) => text(`${SCHEMA}${name}`);

/** A DIVOC address: its parts `""` when empty, the postal code a string or a number. */
const ADDRESS: NodeShape = {
  identity: 'blank',
  required: ['addressCountry'],
  properties: {
    streetAddress: schema('streetAddress'),
    streetAddress2: text('vac:addressLine2'),
    district: text('vac:district'),
    city: text('vac:city'),
    addressRegion: schema('addressRegion'),
    addressCountry: schema('addressCountry'),
    postalCode: schema('postalCode'),
  },
};

function person(withDob: boolean): NodeShape {
  return {
    identity: 'iri',
    type: { json: 'Person', iris: [`${SCHEMA}Person`] },
    required: ['name'],
    properties: {
      refId: schema('id'),
      name: schema('name'),
      gender: schema('gender'),
      age: schema('Number'),
      nationality: schema('nationality'),
      address: { kind: 'node', iri: `${SCHEMA}PostalAddress`, shape: ADDRESS },
      ...(withDob ? { dob: schema('date') } : {}),
    },
  };
}

const VERIFIER: PropertySpec = {
  kind: 'node', iri: 'vac:verifier',
  shape: { identity: 'blank', required: ['name'], properties: { name: schema('name') } },
};

const FACILITY: PropertySpec = {
  kind: 'node', iri: 'vac:Facility',
  shape: {
    identity: 'blank', required: ['name'],
    properties: { name: schema('name'), address: { kind: 'node', iri: `${SCHEMA}PostalAddress`, shape: ADDRESS } },
  },
};

function vaccination(withCodes: boolean): NodeShape {
  return {
    identity: 'iri',
    type: { json: ['Vaccination'], iris: ['vac:Vaccination'] },
    required: ['vaccine'],
    properties: {
      infoUrl: schema('url'),
      feedbackUrl: schema('url'),
      certificateId: schema('id'),
      batch: schema('id'),
      vaccine: schema('id'),
      manufacturer: schema('id'),
      date: schema('date'),
      effectiveStart: schema('date'),
      effectiveUntil: schema('date'),
      dose: schema('doseValue'),
      totalDoses: schema('doseValue'),
      verifier: VERIFIER,
      facility: FACILITY,
      ...(withCodes ? { icd11Code: schema('id'), prophylaxis: schema('name') } : {}),
    },
  };
}

/** The person of a DIVOC test certificate: no age, a birth date. */
const TEST_PERSON: NodeShape = {
  identity: 'iri',
  type: { json: 'Person', iris: [`${SCHEMA}Person`] },
  required: ['name'],
  properties: {
    refId: schema('id'), name: schema('name'), gender: schema('gender'), dob: schema('date'),
    nationality: schema('nationality'), address: { kind: 'node', iri: `${SCHEMA}PostalAddress`, shape: ADDRESS },
  },
};

const TEST_DETAILS: NodeShape = {
  identity: 'iri',
  type: { json: ['TestDetails'], iris: ['vac:TestDetails'] },
  required: ['result'],
  properties: {
    feedbackUrl: schema('url'), infoUrl: schema('url'), certificateId: schema('id'), batch: schema('id'),
    testName: schema('name'), testType: schema('id'), manufacturer: schema('id'), disease: schema('id'),
    sampleOrigin: schema('id'), sampleCollectionTimestamp: schema('dateTime'), resultTimestamp: schema('dateTime'),
    result: schema('id'),
    verifier: VERIFIER,
    facility: FACILITY,
  },
};

function credential(type: string, typeIri: string, subject: NodeShape, evidence: NodeShape): NodeShape {
  return {
    identity: 'blank',
    type: { json: ['VerifiableCredential', type], iris: [`${CRED}VerifiableCredential`, typeIri] },
    required: ['credentialSubject', 'issuer', 'issuanceDate', 'evidence'],
    properties: {
      credentialSubject: { kind: 'node', iri: `${CRED}credentialSubject`, shape: subject },
      issuer: { kind: 'id', iri: `${CRED}issuer` },
      issuanceDate: { kind: 'string', iri: `${CRED}issuanceDate`, datatype: XSD_DATE_TIME },
      evidence: { kind: 'node', iri: `${CRED}evidence`, shape: evidence, many: { max: 1 } },
      nonTransferable: text('vac:nonTransferable'),
    },
  };
}

const VACCINATION_TYPE = ['ProofOfVaccinationCredential', `${SCHEMA}ProofOfVaccinationCredential`] as const;

/** DIVOC's `ProofOfVaccinationCredential` under vaccination context v1 (its W3C template), without `@context`. */
export const DIVOC_V1_CREDENTIAL = credential(...VACCINATION_TYPE, person(false), vaccination(false));
/** The same under vaccination context v2 (its DDCC template: `dob`, `icd11Code`, `prophylaxis` too). */
export const DIVOC_V2_CREDENTIAL = credential(...VACCINATION_TYPE, person(true), vaccination(true));
/** DIVOC's `ProofOfTestCertificateCredential` under its test-certificate context v1 (`schema:ProofOfTestCredential`). */
export const DIVOC_TEST_CREDENTIAL = credential('ProofOfTestCertificateCredential', `${SCHEMA}ProofOfTestCredential`, TEST_PERSON, TEST_DETAILS);

/** The proof options of an `RsaSignature2018` or `Ed25519Signature2018` proof, read under security v2. */
export function divocProofOptionsShape(type: 'RsaSignature2018' | 'Ed25519Signature2018'): NodeShape {
  return {
    identity: 'blank',
    type: { json: type, iris: [`${SEC}${type}`] },
    required: ['created', 'verificationMethod', 'proofPurpose'],
    properties: {
      created: { kind: 'string', iri: 'http://purl.org/dc/terms/created', datatype: XSD_DATE_TIME },
      verificationMethod: { kind: 'id', iri: `${SEC}verificationMethod` },
      proofPurpose: { kind: 'vocab', iri: `${SEC}proofPurpose`, terms: { assertionMethod: `${SEC}assertionMethod` } },
    },
  };
}
