import { encode } from '@digitalbazaar/cborld';
import { dictionaryFor, HEALTHCRED_REGISTRY_ENTRY, skeletonBaseOf, typeTableFor, type CborldIssuer } from './cborld-tables.js';
import { elideDerivedIds } from './compact-v3-ids.js';

/*
 * Skeletons: typical credentials of each kind, whose CBOR-LD (with the issuer's tables) becomes the preset DEFLATE
 * dictionary, so a payload refers back to their terms and structure instead of sending them (what a template does,
 * but for any shape: a field the skeleton lacks just costs its bytes). PUBLISHED = IMMUTABLE: a change here is a new
 * dictionary number, never an edit, or printed codes stop decoding.
 */

type Json = Record<string, unknown>;

const VC_V1 = 'https://www.w3.org/2018/credentials/v1';
const ED25519_2020 = 'https://w3id.org/security/suites/ed25519-2020/v1';
const STATUS_LIST_2021 = 'https://w3id.org/vc/status-list/2021/v1';
const NAME_PARTS = { givenName: 'a', familyName: 'b', latinGivenName: 'c', latinFamilyName: 'd' };

/**
 * A skeleton depends on nothing of the trust entry but the DID: its contexts and status lists are under the did:web
 * URL (`skeletonBaseOf`) (its contexts loaded from whichever of the issuer's bases serves them: the documents are the same), so a key
 * rotation or a new base URL leaves the dictionary, and so the codes already printed, as they were.
 */
function skeleton(issuer: CborldIssuer, { kind, version, statusList2021 }: SkeletonShape): Json {
  const statusBase = skeletonBaseOf(issuer.did);
  const vaccination = kind === 'vaccination';
  const listPath = statusList2021 ? 'status/2021' : 'status';
  const status = ['revocation', 'suspension'].map((statusPurpose) => ({
    id: `${statusBase}/${listPath}/${statusPurpose}/1#1`, type: statusList2021 ? 'StatusList2021Entry' : 'BitstringStatusListEntry',
    statusPurpose, statusListIndex: '1', statusListCredential: `${statusBase}/${listPath}/${statusPurpose}/1`,
  }));
  const event = vaccination
    ? {
      type: ['Vaccination'], batch: 'b', vaccine: 'v', manufacturer: 'm', icd11Code: 'XM9QW8', prophylaxis: 'COVID-19',
      date: '2021-01-01T00:00:00.000Z', effectiveStart: '2021-01-01', dose: 1, totalDoses: 1, verifier: { name: 'v' },
    }
    : {
      type: ['TestResult'], disease: 'COVID-19', testType: 'RT-PCR', testName: 't', manufacturer: 'm', sampleOrigin: 'Nasopharyngeal',
      sampleCollectionTimestamp: '2021-01-01T00:00:00.000Z', resultTimestamp: '2021-01-01T00:00:00.000Z', result: 'Negative',
    };
  return {
    '@context': [VC_V1, `${statusBase}/credentials/${kind}/v${version}`, ...(statusList2021 ? [STATUS_LIST_2021] : []), ED25519_2020],
    type: ['VerifiableCredential', vaccination ? 'ProofOfVaccinationCredential' : 'ProofOfTestCertificateCredential'],
    issuer: issuer.did, issuanceDate: '2026-01-01T00:00:00Z', nonTransferable: true,
    credentialSubject: {
      type: 'Person', name: 'n', ...(version === 2 ? NAME_PARTS : {}), dob: '2000-01-01', gender: 'Male', nationality: 'n',
    },
    credentialStatus: status,
    evidence: [{ certificateId: '0000-0000-0000', ...event, facility: { name: 'f', address: { district: 'd', addressCountry: 'LK' } } }],
    proof: {
      type: 'Ed25519Signature2020', created: '2026-01-01T00:00:00Z', verificationMethod: `${issuer.did}#key`,
      proofPurpose: 'assertionMethod', proofValue: `z${'1'.repeat(64)}`,
    },
  };
}

/** What one skeleton is: its kind, its context version, and whether its entries are Status List 2021 ones. */
interface SkeletonShape {
  kind: 'vaccination' | 'test-result';
  version: 1 | 2;
  statusList2021: boolean;
}

const shapes = (kind: SkeletonShape['kind'], statusList2021 = false): SkeletonShape[] =>
  ([1, 2] as const).map((version) => ({ kind, version, statusList2021 }));

/**
 * The skeletons of each dictionary, by number (sent in the payload), the nearest last; 0 is none (only the status
 * URL parts). 1 and 2: vaccinations and test results with the Bitstring entries; 3: both kinds with the Status List
 * 2021 entries of new credentials (vaccinations, the commoner, nearest).
 */
export const SKELETON_DICTIONARIES: readonly (readonly SkeletonShape[])[] = [
  [], shapes('vaccination'), shapes('test-result'), [...shapes('test-result', true), ...shapes('vaccination', true)],
];

/** The dictionary numbers that may fit a credential best, in the order to try: that of its kind and entries, then 0. */
export function skeletonNumbersOf(credential: { type?: unknown; credentialStatus?: unknown }): number[] {
  const types = Array.isArray(credential.type) ? credential.type : [];
  const statusList2021 = [credential.credentialStatus].flat().some((entry) => (entry as Json | undefined)?.type === 'StatusList2021Entry');
  const kind = types.includes('ProofOfVaccinationCredential') ? 1 : types.includes('ProofOfTestCertificateCredential') ? 2 : 0;
  return [...new Set([statusList2021 && kind !== 0 ? 3 : kind, 0])];
}

const cache = new Map<string, Promise<Uint8Array>>();

type Loader = (url: string) => Promise<{ document: unknown }>;

/** `documentLoader`, also serving the skeletons' contexts from the first of the issuer's bases that has them. */
function skeletonLoader(issuer: CborldIssuer, documentLoader: Loader): Loader {
  const didWebBase = `${skeletonBaseOf(issuer.did)}/`;
  return async (url) => {
    if (!url.startsWith(didWebBase)) return documentLoader(url);
    const path = url.slice(didWebBase.length);
    let failure: unknown;
    for (const base of [didWebBase, ...issuer.contextBaseUrls]) {
      try {
        return await documentLoader(`${base.replace(/\/+$/, '')}/${path}`);
      } catch (error) {
        failure = error;
      }
    }
    throw failure ?? new TypeError(`No base URL serves ${path}.`);
  };
}

/**
 * The preset DEFLATE dictionary `number` of one issuer: the status URL parts, then the CBOR-LD of its skeletons
 * ({@link SKELETON_DICTIONARIES}: for 1 and 2 the kind's v1 and v2, the nearer, v2, last). It depends only on the issuer's DID (and the contexts' contents). Cached per
 * issuer and number.
 * @param documentLoader - Resolves the skeletons' contexts (the issuer's own).
 */
export function skeletonDictionary(issuer: CborldIssuer, number: number, documentLoader: Loader): Promise<Uint8Array> {
  const skeletons = SKELETON_DICTIONARIES[number] ?? [];
  if (skeletons.length === 0) return Promise.resolve(dictionaryFor(issuer));
  const key = JSON.stringify([issuer.did, issuer.contextBaseUrls, number]);
  const known = cache.get(key);
  if (known) return known;
  const made = (async () => {
    const table = typeTableFor(issuer);
    const parts = [dictionaryFor(issuer)];
    for (const shape of skeletons) {
      parts.push(await encode({
        jsonldDocument: elideDerivedIds(skeleton(issuer, shape)).rest, documentLoader: skeletonLoader(issuer, documentLoader),
        registryEntryId: HEALTHCRED_REGISTRY_ENTRY, typeTableLoader: async () => table,
      }));
    }
    const dictionary = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
    parts.reduce((at, part) => (dictionary.set(part, at), at + part.length), 0);
    return dictionary;
  })();
  made.catch(() => cache.delete(key));
  if (cache.size > 64) cache.clear();
  cache.set(key, made);
  return made;
}
