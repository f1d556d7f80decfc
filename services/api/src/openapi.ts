import { VERIFY_CHECK_NAMES } from './routes/verify.js';

const error = { $ref: '#/components/responses/Error' };
const holder: object[] = [
  { name: 'id', in: 'path', required: true, schema: { type: 'string', example: '7K3M-9QXP-2RB4' } },
  { name: 'dob', in: 'query', required: true, description: "The holder's birth date, the second factor.", schema: { type: 'string', format: 'date' } },
];
const qrFormat = { name: 'format', in: 'query', schema: { type: 'string', enum: ['divoc', 'compact', 'cborld'], default: 'divoc' } };
const reason = { required: true, content: { 'application/json': { schema: { type: 'object', required: ['reason'], properties: { reason: { type: 'string', minLength: 3, maxLength: 500 } } } } } };
const verification = { description: 'The verification result (W3C VC API).', content: { 'application/json': { schema: { $ref: '#/components/schemas/VerificationResult' } } } };
const citizen = (summary: string, type: string, parameters: object[] = holder) => ({
  get: {
    tags: ['citizens'], summary, parameters,
    responses: { 200: { description: summary, content: { [type]: {} } }, 404: error, 429: error },
  },
});
const dccNote = ' 404 when EU DCC is not configured; 409 when the certificate is revoked or suspended; 422 when its record cannot be expressed as an EU DCC (e.g. a vaccine without an EU code, a name ICAO 9303 cannot transliterate).';
const dcc = (summary: string, type: string) => {
  const path = citizen(summary + dccNote, type);
  return { get: { ...path.get, responses: { ...path.get.responses, 409: error, 422: error } } };
};
const keyId = { name: 'keyId', in: 'path', required: true, description: 'The key id (did:web:...#z6Mk...), URL-encoded.', schema: { type: 'string' } };
const admin = (summary: string) => ({
  post: {
    tags: ['admin'], summary, security: [{ bearer: [] }], requestBody: reason,
    parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
    responses: { 200: { description: 'Done; recorded in the audit log.' }, 401: error, 404: error, 409: error, 429: error },
  },
});

/** The OpenAPI document for an API served at `serverUrl`. */
export function openApiDocument(serverUrl: string): object {
  return {
    openapi: '3.1.0',
    info: {
      title: 'healthcred API', version: '0.1.0',
      description: 'Verifiable health credentials from DHIS2: citizen downloads, public verification, revocation lists, issuer publication, administration.',
    },
    servers: [{ url: serverUrl }],
    paths: {
      '/certificates/{id}': citizen('The signed credential (JSON-LD).', 'application/json'),
      '/certificates/{id}/qr.png': citizen('The QR code as PNG.', 'image/png', [...holder, qrFormat]),
      '/certificates/{id}/qr.svg': citizen('The QR code as SVG.', 'image/svg+xml', [...holder, qrFormat]),
      '/certificates/{id}/pdf': citizen('The printable certificate.', 'application/pdf'),
      '/certificates/{id}/dcc.png': dcc('The EU Digital COVID Certificate (HC1, freshly signed by our DSC) as a QR PNG. Its exp never passes the DSC notAfter; when it was shortened to it, the header X-DCC-Expiry-Shortened gives the exp.', 'image/png'),
      '/certificates/{id}/dcc.svg': dcc('The EU Digital COVID Certificate (HC1) as a QR SVG.', 'image/svg+xml'),
      '/certificates/{id}/ddcc.json': dcc('The WHO DDCC:VS core data set as a FHIR R4 document Bundle (vaccinations only).', 'application/fhir+json'),
      '/dcc/trust-list': { get: { tags: ['publication'], summary: 'Our EU DCC Document Signer Certificates, as EU DCC Gateway trust list items {certificateType, country, kid, thumbprint, rawData}.', responses: { 200: { description: 'Trust list', content: { 'application/json': {} } }, 404: error } } },
      '/certificates/{id}/holder': citizen("Summaries of every certificate of the same person.", 'application/json'),
      '/credentials/verify': {
        post: {
          tags: ['verifiers'], summary: 'Verify a credential against the trust list: issuer, contexts, holder, dates, key, proof, revocation (W3C VC API; a DIVOC certificate: RsaSignature2018/Ed25519Signature2018 of a DIVOC issuer, revocation asked of its DIVOC route or reported status_not_checked). Every check runs whatever options.checks names; challenge and domain are refused (a credential proof of assertion has neither). 200 when verified; 400 with the same body when not, or {error} for a malformed request.',
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/VerifyCredentialRequest' } } } },
          responses: { 200: verification, 400: { description: 'Not verified (the verification body), or a malformed request ({error}).' }, 413: error, 415: error, 429: error },
        },
      },
      '/verify/qr': {
        post: {
          tags: ['verifiers'], summary: 'Verify a QR code: an image, or its payload (DIVOC zip or compact HCQ1). An EU DCC (HC1:) is verified against our DSC and the trusted DSCs: {verified, format: "hc1", checks, warnings, errors, dcc}; 404 when EU DCC is not configured.',
          requestBody: { required: true, content: {
            'image/png': {}, 'image/jpeg': {},
            'application/json': { schema: { type: 'object', properties: { payload: { type: 'string' }, payloadBase64: { type: 'string' } } } },
          } },
          responses: { 200: verification, 400: { description: 'Not verified (the verification body), or an unreadable QR ({error}).' }, 404: error, 413: error, 415: error, 429: error },
        },
      },
      '/divoc/api/v1/certificate/revoked': {
        post: {
          tags: ['verifiers'], summary: "DIVOC's revocation check, as DIVOC's verifier apps call it: the whole certificate JSON as the body, looked up by evidence[0].certificateId. 200 revoked (or suspended), 404 not revoked (or not ours).",
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['evidence'] } } } },
          responses: { 200: { description: 'Revoked or suspended: {revoked: true, suspended} (DIVOC\'s apps read only the status; suspended tells healthcred\'s verifiers).' }, 404: { description: 'Not revoked: {revoked: false, suspended: false}.' }, 400: error, 413: error, 415: error, 429: error },
        },
      },
      '/credentials/issue': {
        post: {
          tags: ['systems'], summary: 'Issue, idempotently, from a certification request {sourceKey, kind, record, source?: {updatedAt}} or a W3C VC API request {credential, options} whose credential is an unsigned ProofOfVaccinationCredential or ProofOfTestCertificateCredential of this issuer (read back into its record; keyed by options.credentialId, else credential.id, else the record). Other types and shapes: 400 naming the field.', security: [{ bearer: [] }],
          requestBody: { required: true, content: { 'application/json': { schema: { oneOf: [
            { $ref: '#/components/schemas/CertificationRequest' }, { $ref: '#/components/schemas/IssueCredentialRequest' },
          ] } } } },
          responses: {
            200: { description: 'Already issued: a replay (outcome duplicate), or an older version than the certified one (outcome stale).' },
            201: { description: 'Issued: {verifiableCredential, certificateId, outcome} (outcome inserted, or superseded: the previous certificate is revoked).' }, 400: error, 401: error,
          },
        },
      },
      '/trust-list': { get: { tags: ['publication'], summary: 'The issuers this service verifies against: {issuers: [{did, name, country, didDocument, contextBaseUrls} | {did, name, country, divoc: {keys, contexts, revocationUrl?}}]}, this issuer first.', responses: { 200: { description: 'Trust list', content: { 'application/json': {} } } } } },
      '/trust/gdhcn.json': { get: { tags: ['publication'], summary: "This issuer's trust entry as a WHO GDHCN trust list DID document: JsonWebKey2020 methods, the Ed25519 issuer keys as OKP JWKs, the EU DCC DSC as an EC/RSA JWK with x5c.", responses: { 200: { description: 'DID document', content: { 'application/did+json': {} } } } } },
      '/trust/dcc-gateway.json': { get: { tags: ['publication'], summary: "This issuer's EU DCC DSC as EU DCC Gateway trust list records [{kid, timestamp, country, certificateType, thumbprint, rawData}] (no gateway signature); [] without EU DCC.", responses: { 200: { description: 'Trust list records', content: { 'application/json': {} } } } } },
      '/status': { get: { tags: ['publication'], summary: 'URLs of the status lists in use (the Status List 2021 revocation and suspension series, the Bitstring revocation and suspension series, the legacy series).', responses: { 200: { description: '{statusLists: [url]}' } } } },
      '/status/2021/revocation/{n}': { get: { tags: ['publication'], summary: 'Status List 2021 revocation list n (bit = revoked), the first status entry (StatusList2021Entry) of new credentials: a signed W3C CCG StatusList2021Credential (encodedList GZIP + base64url, no prefix).', parameters: [{ name: 'n', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }], responses: { 200: { description: 'StatusList2021Credential', content: { 'application/vc+ld+json': {} } }, 304: { description: 'Not modified (ETag).' }, 404: error } } },
      '/status/2021/suspension/{n}': { get: { tags: ['publication'], summary: 'Status List 2021 suspension list n (bit = suspended, cleared on reinstatement), the second status entry of new credentials.', parameters: [{ name: 'n', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }], responses: { 200: { description: 'StatusList2021Credential', content: { 'application/vc+ld+json': {} } }, 304: { description: 'Not modified (ETag).' }, 404: error } } },
      '/status/revocation/{n}': { get: { tags: ['publication'], summary: 'Revocation list n (bit = revoked; the same bits as /status/2021/revocation/{n}), the first status entry (BitstringStatusListEntry) of credentials issued before the Status List 2021 entries: a signed W3C Bitstring Status List credential.', parameters: [{ name: 'n', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }], responses: { 200: { description: 'BitstringStatusListCredential', content: { 'application/vc+ld+json': {} } }, 304: { description: 'Not modified (ETag).' }, 404: error } } },
      '/status/suspension/{n}': { get: { tags: ['publication'], summary: 'Suspension list n (bit = suspended, cleared on reinstatement), the second status entry of credentials issued before the Status List 2021 entries.', parameters: [{ name: 'n', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }], responses: { 200: { description: 'BitstringStatusListCredential', content: { 'application/vc+ld+json': {} } }, 304: { description: 'Not modified (ETag).' }, 404: error } } },
      '/status/{n}': { get: { tags: ['publication'], summary: 'Legacy list n (purpose revocation, bit = revoked or suspended), the single status entry of credentials issued before the suspension lists.', parameters: [{ name: 'n', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }], responses: { 200: { description: 'BitstringStatusListCredential', content: { 'application/vc+ld+json': {} } }, 304: { description: 'Not modified (ETag).' }, 404: error } } },
      '/.well-known/did.json': { get: { tags: ['publication'], summary: "The issuer's did:web document with current and retired keys.", responses: { 200: { description: 'DID document', content: { 'application/did+json': {} } } } } },
      '/dhis2/webhook': { post: { tags: ['systems'], summary: 'DHIS2 webhooks and event hooks (tracker payloads).', security: [{ bearer: [] }], responses: { 202: { description: 'On the DHIS2 topic.' }, 401: error, 413: error, 415: error } } },
      '/admin/certificates/{id}/revoke': admin('Revoke a certificate (final).'),
      '/admin/certificates/{id}/suspend': admin('Suspend a certificate.'),
      '/admin/certificates/{id}/reinstate': admin('Reinstate a suspended certificate.'),
      '/admin/certificates/{id}/reissue': admin('Re-issue: the same record signed now under a new id; the old one is revoked.'),
      '/admin/certificates/{id}/erase': admin('Erase the personal data of the certificate\'s holder: every certificate of the person stays revoked in its status list, keeping only ids and programme counts; dead letters holding the person are deleted. {certificateIds, deadLetters, audit}. The reason must not hold the person\'s name or birth date (400).'),
      '/admin/keys/rotate': { post: { tags: ['admin'], summary: 'Rotate the issuer key (the old one stays published).', security: [{ bearer: [] }], requestBody: reason, responses: { 200: { description: '{did, active, retired}' }, 401: error, 409: error } } },
      '/admin/trust': {
        get: { tags: ['admin'], summary: 'The trust list: this issuer (self) and the other issuers, each active or not, with when a did:web document was fetched and the last failure.', security: [{ bearer: [] }], responses: { 200: { description: '{self, entries}' }, 401: error } },
        post: {
          tags: ['admin'], summary: 'Trust another issuer: {did (did:web), name, country (ISO 3166-1 alpha-2), didDocument (pinned) | resolve: "did:web", contextBaseUrls?, reason}, or a DIVOC issuer {did (its certificates\' issuer), name, country, divoc: {keys: [{id, publicKeyPem | publicKeyBase58}], contexts: {<namespace URL>: vaccination/v1 | vaccination/v2 | test-certificate/v1}, revocationUrl?}, reason}. A did:web to resolve is fetched first.', security: [{ bearer: [] }],
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['did', 'name', 'country', 'reason'], properties: { did: { type: 'string' }, name: { type: 'string', maxLength: 200 }, country: { type: 'string', pattern: '^[A-Z]{2}$' }, didDocument: { type: 'object' }, resolve: { type: 'string', enum: ['did:web'] }, divoc: { type: 'object' }, contextBaseUrls: { type: 'array', items: { type: 'string', format: 'uri' } }, reason: { type: 'string', minLength: 3, maxLength: 500 } } } } } },
          responses: { 201: { description: 'Added; recorded in the audit log.' }, 400: error, 401: error, 409: error },
        },
      },
      '/admin/trust/{did}': { delete: { tags: ['admin'], summary: 'Stop trusting an issuer (the DID URL-encoded).', security: [{ bearer: [] }], requestBody: reason, parameters: [{ name: 'did', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: { description: '{removed}; recorded in the audit log.' }, 401: error, 404: error, 409: error } } },
      '/admin/keys/{keyId}/revoke': { post: { tags: ['admin'], summary: 'Revoke an issuer key (URL-encoded id), then re-issue what it signed in the background.', security: [{ bearer: [] }], requestBody: reason, parameters: [keyId], responses: { 202: { description: '{did, keyId, revoked, active, job}' }, 400: error, 401: error, 404: error, 409: error } } },
      '/admin/keys/{keyId}/reissue': {
        get: { tags: ['admin'], summary: 'Progress of the re-issue job of a revoked key on this server.', security: [{ bearer: [] }], parameters: [keyId], responses: { 200: { description: '{status, total, reissued, skipped, failed, suspended, perSecond, ...}' }, 401: error, 404: error } },
        post: { tags: ['admin'], summary: 'Run the re-issue job of a revoked key again (resumes it).', security: [{ bearer: [] }], requestBody: reason, parameters: [keyId], responses: { 202: { description: 'The job' }, 401: error, 404: error, 409: error } },
      },
      '/admin/dead-letters': { get: { tags: ['admin'], summary: 'Dead letters, with their payloads (personal data): each read is audited.', security: [{ bearer: [] }], responses: { 200: { description: '{deadLetters}' }, 400: error, 401: error, 429: error } } },
      '/admin/dead-letters/{id}': { get: { tags: ['admin'], summary: 'One dead letter with its payload: the read is audited.', security: [{ bearer: [] }], parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: { description: 'The dead letter' }, 401: error, 404: error, 429: error } } },
      '/admin/dead-letters/{id}/redrive': admin('Publish a dead letter again to its topic (after a fix).'),
      '/admin/dead-letters/{id}/discard': admin('Discard a dead letter.'),
      '/admin/audit': { get: { tags: ['admin'], summary: 'The audit log, most recent first: each entry with seq, prevHash and hash (a chain; `healthcred audit verify` checks it). A wrong token counts against the client: 429 with Retry-After after 10 in a minute, on every token-protected endpoint.', security: [{ bearer: [] }], responses: { 200: { description: '{entries}' }, 400: error, 401: error, 429: error } } },
      '/health': { get: { tags: ['operations'], summary: 'Liveness.', responses: { 200: { description: 'ok' } } } },
      '/ready': { get: { tags: ['operations'], summary: 'Store and bus can serve: reachable, writable, room to grow, not corrupt.', responses: { 200: { description: '{status: "ready", down: []}' }, 503: { description: '{status: "unavailable", down, reasons}: what each failing check said, e.g. "store.sqlite cannot be written: the disk is full."' } } } },
      '/metrics': { get: { tags: ['operations'], summary: 'Prometheus metrics.', responses: { 200: { description: 'text/plain' } } } },
      '/stats': { get: { tags: ['operations'], summary: 'Programme monitoring without personal data (Bearer STATS_TOKEN): vaccination certificates issued and revoked by day, org unit (STATS_ORG_UNIT_LEVEL), vaccine, dose, sex and age band; a count under STATS_MIN_CELL (5) is "suppressed", never a number, and only totals of the shown counts are given.', security: [{ bearer: [] }], parameters: [{ name: 'format', in: 'query', schema: { type: 'string', enum: ['json', 'csv'] } }], responses: { 200: { description: '{minCell, dimensions, cells, shownTotals, suppressed}, or CSV', content: { 'application/json': {}, 'text/csv': {} } }, 400: error, 401: error, 429: error } } },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      responses: {
        Error: { description: 'An error', content: { 'application/json': { schema: { type: 'object', properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } } } } } } } },
      },
      schemas: {
        CertificationRequest: { type: 'object', required: ['sourceKey', 'kind', 'record'], properties: { sourceKey: { type: 'string', maxLength: 300 }, kind: { type: 'string', enum: ['vaccination', 'test-result'] }, record: { type: 'object' }, source: { type: 'object', properties: { updatedAt: { type: 'string' } } } } },
        IssueCredentialRequest: {
          type: 'object', required: ['credential'], additionalProperties: false,
          properties: {
            credential: {
              type: 'object', required: ['@context', 'type', 'issuer', 'credentialSubject', 'evidence'], additionalProperties: false,
              description: 'As this issuer builds it, without proof or credentialStatus; the ids, certificate id and issuanceDate are set by the issuer. An expirationDate (after issuanceDate and now) becomes the credential\'s expiry.',
              properties: {
                '@context': { type: 'array', items: { type: 'string' }, description: "The VC 1.1 context and this issuer's context of the type, optionally the Ed25519Signature2020 context." },
                id: { type: 'string' }, type: { type: 'array', items: { type: 'string' }, example: ['VerifiableCredential', 'ProofOfVaccinationCredential'] },
                issuer: { oneOf: [{ type: 'string' }, { type: 'object', properties: { id: { type: 'string' } } }], description: "This issuer's DID." },
                issuanceDate: { type: 'string', format: 'date-time' }, expirationDate: { type: 'string', format: 'date-time' },
                nonTransferable: { type: 'boolean', const: true },
                credentialSubject: { type: 'object' }, evidence: { type: 'array', minItems: 1, maxItems: 1, items: { type: 'object' } },
              },
            },
            options: { type: 'object', additionalProperties: false, properties: { credentialId: { type: 'string', maxLength: 256 }, credentialStatus: { type: 'object', properties: { type: { enum: ['StatusList2021Entry', 'BitstringStatusListEntry'] } } } } },
          },
        },
        VerifyCredentialRequest: {
          type: 'object', required: ['verifiableCredential'],
          properties: {
            verifiableCredential: { type: 'object' },
            options: { type: 'object', additionalProperties: false, properties: {
              checks: { type: 'array', items: { type: 'string', enum: VERIFY_CHECK_NAMES } },
              expectedProofPurpose: { const: 'assertionMethod' },
            } },
          },
        },
        VerificationResult: {
          type: 'object', required: ['verified', 'checks', 'warnings', 'errors'],
          properties: {
            verified: { type: 'boolean' }, checks: { type: 'array', items: { type: 'string' } }, warnings: { type: 'array', items: { type: 'string' } },
            errors: { type: 'array', items: { type: 'object', properties: { check: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } } },
          },
        },
      },
    },
  };
}
