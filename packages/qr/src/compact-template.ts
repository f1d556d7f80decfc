import type { JsonValue } from '@healthcred/types';
import type { JsonPath } from './json-tree.js';

/**
 * Version 1 of the compact QR format. PUBLISHED = IMMUTABLE: a change to these templates, the dictionary or the
 * layout is a new version with a new prefix, never an edit, or QR codes already printed stop decoding.
 */
export const COMPACT_V1_PREFIX = 'HCQ1:';
/**
 * Version 2: the v1 layout with `credentialStatus` as the two entries new credentials carry (revocation, suspension),
 * their ids derived and their purposes constants. PUBLISHED = IMMUTABLE, as v1.
 */
export const COMPACT_V2_PREFIX = 'HCQ2:';
/** Version 3: CBOR-LD with per-issuer tables, no template (see compact-v3.ts). PUBLISHED = IMMUTABLE. */
export const COMPACT_V3_PREFIX = 'HCQ3:';
/**
 * Version 4: the v2 layout for the Status List 2021 entries new credentials carry (their context a constant between
 * the kind's and the suite's, their type a constant). PUBLISHED = IMMUTABLE, as v1.
 */
export const COMPACT_V4_PREFIX = 'HCQ4:';

/** How a slot's value may be shortened. */
export type SlotKind =
  | { type: 'plain' }
  /** A value ending in multibase base58btc (`z...`): the base58 part is sent as bytes. */
  | { type: 'base58' }
  /** A `urn:uuid:` derived from the issuer, `kind` and the string at `keyPath`: sent as one marker. */
  | { type: 'derived'; kind: string; keyPath: JsonPath }
  /** `<string at basePath>#<string at fragmentPath>`, as a status entry's id: sent as one marker (v2 on). */
  | { type: 'fragment'; basePath: JsonPath; fragmentPath: JsonPath };

/** The slot kinds whose value is computed from other fields when it is the computed one. */
export type DerivedSlotKind = Extract<SlotKind, { type: 'derived' | 'fragment' }>;

/** One version of the format: its prefix, its templates (by index; the last, empty, fits any credential), its dictionary. */
export interface CompactFormat {
  prefix: string;
  /** The credential `type` each template but the last is for. */
  templateTypes: readonly string[];
  templates: readonly (readonly TemplateLeaf[])[];
  dictionary: Uint8Array;
}

/** One leaf of a template: a constant the credential is expected to hold, or a slot whose value is sent. */
export type TemplateLeaf = { path: JsonPath; constant: JsonValue } | { path: JsonPath; slot: SlotKind };

class Slot {
  /** `rare`: usually absent, so laid out last, where absent values cost nothing. */
  constructor(readonly kind: SlotKind, readonly rare = false) {}
}

type Skeleton = Slot | JsonValue | Skeleton[] | { [key: string]: Skeleton };

const _ = new Slot({ type: 'plain' });
const RARE = new Slot({ type: 'plain' }, true);
const BASE58 = new Slot({ type: 'base58' });
const derived = (kind: string, ...keyPath: JsonPath) => new Slot({ type: 'derived', kind, keyPath });
const fragment = (basePath: JsonPath, fragmentPath: JsonPath) => new Slot({ type: 'fragment', basePath, fragmentPath });

const VC_V1 = 'https://www.w3.org/2018/credentials/v1';
const ED25519_2020 = 'https://w3id.org/security/suites/ed25519-2020/v1';
const STATUS_LIST_2021 = 'https://w3id.org/vc/status-list/2021/v1';
const CERTIFICATE_ID = ['evidence', 0, 'certificateId'];

const ADDRESS = {
  streetAddress: _, streetAddress2: RARE, district: _, city: _, addressRegion: _, addressCountry: _, postalCode: _,
};

/** v1: one optional entry, all its values rare (credentials were issued with it or without). */
const V1_STATUS: Skeleton = {
  id: RARE, type: 'BitstringStatusListEntry', statusPurpose: RARE, statusListIndex: RARE, statusListCredential: RARE,
};

/** The revocation and the suspension entry of `type`, their ids derived. */
const twoEntries = (type: string): Skeleton => ['revocation', 'suspension'].map((statusPurpose, i) => ({
  id: fragment(['credentialStatus', i, 'statusListCredential'], ['credentialStatus', i, 'statusListIndex']),
  type, statusPurpose, statusListCredential: _, statusListIndex: _,
}));

/** v2: the two Bitstring entries, as credentials were issued before the Status List 2021 entries. */
const V2_STATUS = twoEntries('BitstringStatusListEntry');
/** v4: the two Status List 2021 entries, as `statusEntryForPosition` makes them. */
const V4_STATUS = twoEntries('StatusList2021Entry');

function skeleton(
  type: string, evidenceType: string, evidence: Record<string, Skeleton>, status: Skeleton, statusContext: string[],
): Skeleton {
  return {
    '@context': [VC_V1, _, ...statusContext, ED25519_2020],
    id: derived('credential', ...CERTIFICATE_ID),
    type: ['VerifiableCredential', type],
    issuer: _, issuanceDate: _, expirationDate: RARE, nonTransferable: true,
    credentialSubject: {
      id: derived('person', 'credentialSubject', 'refId'), type: 'Person', refId: _, name: _, dob: _, gender: _,
      age: _, nationality: _, address: ADDRESS,
    },
    evidence: [{
      id: derived('evidence', ...CERTIFICATE_ID), certificateId: _, type: [evidenceType], ...evidence,
      verifier: { name: _ }, facility: { name: _, address: ADDRESS }, infoUrl: RARE, feedbackUrl: RARE,
    }],
    credentialStatus: status,
    proof: { type: 'Ed25519Signature2020', created: _, verificationMethod: BASE58, proofPurpose: 'assertionMethod', proofValue: BASE58 },
  };
}

type Leaf = TemplateLeaf & { rare?: boolean };

function flatten(value: Skeleton, path: JsonPath = []): Leaf[] {
  if (value instanceof Slot) return [{ path, slot: value.kind, rare: value.rare }];
  const hasSlot = (item: Skeleton) => item instanceof Slot || (typeof item === 'object' && item !== null);
  if (Array.isArray(value) && value.some(hasSlot)) {
    return value.flatMap((item, index) => flatten(item, [...path, index]));
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return Object.entries(value).flatMap(([key, child]) => flatten(child, [...path, key]));
  }
  return [{ path, constant: value as JsonValue }];
}

/** The leaves of a skeleton in order, the rare slots last. */
function layout(value: Skeleton): TemplateLeaf[] {
  const leaves = flatten(value);
  return [...leaves.filter((leaf) => !leaf.rare), ...leaves.filter((leaf) => leaf.rare)]
    .map(({ rare: _rare, ...leaf }) => leaf);
}

const TEMPLATE_TYPES = ['ProofOfVaccinationCredential', 'ProofOfTestCertificateCredential'];

/** The templates of a version, by index (sent as the payload's first byte); the last one, empty, fits any credential. */
function templates(status: Skeleton, statusContext: string[] = []): readonly (readonly TemplateLeaf[])[] {
  return [
    layout(skeleton(TEMPLATE_TYPES[0]!, 'Vaccination', {
      batch: _, vaccine: _, manufacturer: _, icd11Code: _, prophylaxis: _, date: _, effectiveStart: _,
      effectiveUntil: RARE, dose: _, totalDoses: _,
    }, status, statusContext)),
    layout(skeleton(TEMPLATE_TYPES[1]!, 'TestResult', {
      disease: _, testType: _, testName: _, manufacturer: _, batch: _, sampleOrigin: _, sampleCollectionTimestamp: _,
      resultTimestamp: _, result: _,
    }, status, statusContext)),
    [],
  ];
}

/** Separates slot values in the compressed text. */
export const VALUE_SEPARATOR = '\u001f';

/**
 * The preset DEFLATE dictionary of v1: values common in health credentials, so a payload can refer back to them.
 * DEFLATE codes near matches in fewer bits, so the most frequent strings come last.
 */
const V1_DICTIONARY = [
  'Rapid antigen', 'Positive', 'Inconclusive', 'Oropharyngeal', 'Saliva', 'Pfizer-BioNTech', 'Comirnaty', 'Moderna',
  'Spikevax', 'AstraZeneca', 'Vaxzevria', 'Janssen', 'Sinopharm', 'BBIBP-CorV', 'Sinovac', 'CoronaVac',
  'Bharat Biotech', 'Covaxin', 'Gamaleya', 'Sputnik V', 'Novavax', 'Nuvaxovid', 'COVID-19 vaccine, mRNA', 'XM0GQ8',
  'COVID-19 vaccine, inactivated virus', 'XM1NL1', 'Nasopharyngeal', 'RT-PCR', 'Negative', 'COVID-19',
  'COVISHIELD', 'Serum Institute of India', 'COVID-19 vaccine, non-replicating viral vector', 'XM9QW8',
  'Male', 'Female', 'Other', 'T00:00:00.000Z', '\u001e1', '\u001e2', '20',
  'https://certificates.', '/credentials/vaccination/v1', '/credentials/test-result/v1', 'did:web:',
];

/** Version 1 (`HCQ1:`): credentials with no status entry or one. */
export const COMPACT_V1: CompactFormat = {
  prefix: COMPACT_V1_PREFIX, templateTypes: TEMPLATE_TYPES, templates: templates(V1_STATUS),
  dictionary: new TextEncoder().encode(V1_DICTIONARY.join(VALUE_SEPARATOR)),
};

/** Version 2 (`HCQ2:`): credentials with the two status entries; the v1 dictionary, then the status list paths. */
export const COMPACT_V2: CompactFormat = {
  prefix: COMPACT_V2_PREFIX, templateTypes: TEMPLATE_TYPES, templates: templates(V2_STATUS),
  dictionary: new TextEncoder().encode([...V1_DICTIONARY, '/status/suspension/', '/status/revocation/'].join(VALUE_SEPARATOR)),
};

/**
 * Version 4 (`HCQ4:`): credentials with the two Status List 2021 entries (and so that context); the v2 dictionary,
 * then the Status List 2021 list paths.
 */
export const COMPACT_V4: CompactFormat = {
  prefix: COMPACT_V4_PREFIX, templateTypes: TEMPLATE_TYPES, templates: templates(V4_STATUS, [STATUS_LIST_2021]),
  dictionary: new TextEncoder().encode([
    ...V1_DICTIONARY, '/status/suspension/', '/status/revocation/', '/status/2021/suspension/', '/status/2021/revocation/',
  ].join(VALUE_SEPARATOR)),
};
