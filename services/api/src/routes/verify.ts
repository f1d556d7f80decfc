import express, { Router, type ErrorRequestHandler, type RequestHandler } from 'express';
import { unsafeJsonResult, verifyCredential, type DivocRevocationChecker, type StatusChecker } from '@healthcred/credentials';
import { HC1_PREFIX, type TrustList } from '@healthcred/dcc';
import type { DocumentLoader } from '@healthcred/document-loader';
import { HealthcredError } from '@healthcred/errors';
import { decodeQrPayloadWithTrust } from '@healthcred/qr';
import type { TrustedIssuer, VerificationCheckName, VerificationResult } from '@healthcred/types';
import { InputReader, isUnsafeJsonError } from '@healthcred/validation';
import { strictJsonBody } from '../json-body.js';
import type { Metrics } from '../metrics.js';
import { dccOff, verifyHc1Text } from './dcc.js';

/** What the verification routes need. */
export interface VerifyRouteDeps {
  /** Serves the contexts; keys come from the trust list only. */
  documentLoader: DocumentLoader;
  /** The issuers whose credentials verify (read per request: the list and the issuer's keys change at run time). */
  trustedIssuers: () => readonly TrustedIssuer[];
  checkStatus: StatusChecker;
  /** Asks a DIVOC issuer's revocation route (its trust entry's `revocationUrl`); without it, revocation is not checked. */
  checkDivocRevocation?: DivocRevocationChecker;
  limit: RequestHandler;
  metrics: Metrics;
  /** The DSCs EU DCC verification trusts; without it an HC1 is answered 404 (EU DCC not configured). */
  dccTrustList?: TrustList;
  /** Finds the QR code in an uploaded image (off the main thread: `CpuWork.readQrImage`). */
  readQrImage: (image: Uint8Array) => Promise<Uint8Array>;
}

const IMAGE_TYPES = ['image/png', 'image/jpeg'];
const IMAGE_LIMIT_BYTES = 5 * 1024 * 1024;
/** The largest JSON body the verification routes read. */
export const JSON_LIMIT_BYTES = 256 * 1024;

/** The checks every verification runs, by this verifier's names and by the VC API names of the same checks. */
export const VERIFY_CHECK_NAMES = Object.keys({
  structure: 0, contexts: 0, holder: 0, issuer: 0, dates: 0, issuer_key: 0, proof: 0, status: 0,
} satisfies Record<VerificationCheckName, 0>).concat('credentialStatus', 'expiration');
const UNBOUND = 'is not supported: it binds a presentation proof, and the proof of a credential of this issuer is an assertion with neither challenge nor domain';

/**
 * Checks the VC API `options` of `POST /credentials/verify`. Every check always runs (a caller cannot skip revocation),
 * so `checks` may only name checks this verifier runs; `expectedProofPurpose` can only be `assertionMethod`.
 */
function checkVerifyOptions(options: unknown): void {
  const reader = InputReader.of(options, 'options');
  if (reader.isMissing) return;
  for (const name of ['challenge', 'domain']) if (!reader.field(name).isMissing) reader.field(name).fail(UNBOUND);
  reader.onlyKeys(['checks', 'expectedProofPurpose', 'challenge', 'domain']);
  reader.field('checks').optional((checks) => checks.array({ maxItems: 20 }).map((check) => check.oneOf(VERIFY_CHECK_NAMES)));
  reader.field('expectedProofPurpose').optional((purpose) => purpose.oneOf(['assertionMethod']));
}

/** Reads the QR payload of `POST /verify/qr`: an uploaded PNG/JPEG, or `{payload}` text, or `{payloadBase64}` bytes. */
function qrPayloadOf(request: express.Request, readQrImage: VerifyRouteDeps['readQrImage']): Promise<Uint8Array> | Uint8Array | string {
  if (Buffer.isBuffer(request.body)) return readQrImage(request.body);
  const body = request.body as Record<string, unknown>;
  if (typeof body?.payload === 'string') return body.payload;
  if (typeof body?.payloadBase64 === 'string' && /^[A-Za-z0-9+/=_-]+$/.test(body.payloadBase64)) {
    return Buffer.from(body.payloadBase64, 'base64');
  }
  throw new HealthcredError('invalid_input',
    'Send a QR image (Content-Type image/png or image/jpeg), or JSON {"payload": "<QR text>"} or {"payloadBase64": "<QR bytes>"}.');
}

/** The HC1 text of a QR payload that holds an EU DCC, else undefined. */
function hc1Of(payload: Uint8Array | string): string | undefined {
  const head = typeof payload === 'string' ? payload.slice(0, 16) : Buffer.from(payload.subarray(0, 16)).toString('latin1');
  if (!head.trimStart().startsWith(HC1_PREFIX)) return undefined;
  return (typeof payload === 'string' ? payload : Buffer.from(payload).toString('latin1')).trim();
}

/** A credential whose JSON names a member twice (or a prototype member) fails verification, as any other failure. */
const unsafeJsonAsFailure: ErrorRequestHandler = (error, _request, response, next) => {
  if (!isUnsafeJsonError(error)) return next(error);
  response.status(400).json(unsafeJsonResult(error));
};

/**
 * Verification with its metrics: `verify(credential)`, and `verifyRequest(body)` for the parsed body of
 * `POST /credentials/verify` (`{verifiableCredential, options?}`, options checked; throws `invalid_input` otherwise).
 */
export function credentialVerifier(deps: Omit<VerifyRouteDeps, 'limit' | 'readQrImage' | 'dccTrustList'>) {
  const verify = async (credential: unknown): Promise<VerificationResult> => {
    const stop = deps.metrics.verifyDuration.startTimer();
    const result = await verifyCredential({
      credential, documentLoader: deps.documentLoader, trustedIssuers: deps.trustedIssuers(), checkStatus: deps.checkStatus,
      ...(deps.checkDivocRevocation ? { checkDivocRevocation: deps.checkDivocRevocation } : {}),
    });
    stop();
    deps.metrics.verifications.inc({ verified: String(result.verified), failed_check: result.errors[0]?.check ?? 'none' });
    return result;
  };
  const verifyRequest = (body: unknown): Promise<VerificationResult> => {
    if (typeof body !== 'object' || body === null || Array.isArray(body) || !('verifiableCredential' in body)) {
      throw new HealthcredError('invalid_input', 'The body must be {"verifiableCredential": {...}, "options": {...}}.', { field: 'verifiableCredential' });
    }
    checkVerifyOptions((body as Record<string, unknown>).options);
    return verify((body as Record<string, unknown>).verifiableCredential);
  };
  return { verify, verifyRequest };
}

/**
 * Public verification, no account needed, limited per client:
 * - `POST /credentials/verify` (W3C VC API shape): `{verifiableCredential, options?}` → `{verified, checks, warnings,
 *   errors}`; `options.checks` and `expectedProofPurpose` are checked (every check runs whatever they say),
 *   `challenge` and `domain` are refused;
 * - `POST /verify/qr`: a QR image or payload (DIVOC zip or compact) → the same, plus the decoded credential; an EU
 *   DCC (`HC1:`) is verified against the trusted DSCs instead → `{verified, format: 'hc1', checks, ..., dcc}`.
 * Both run the one verifier (trust list, exact contexts, holder, dates, key, proof, revocation from the store now)
 * and answer 200 only for a verified credential; a failed verification answers 400 with the same body (VC API),
 * a malformed request 400 with `{error}`. Errors name the failing check; they never echo personal data.
 */
export function verifyRoutes(deps: VerifyRouteDeps): Router {
  const router = Router();
  const { verify, verifyRequest } = credentialVerifier(deps);

  router.post('/credentials/verify', deps.limit, ...strictJsonBody(JSON_LIMIT_BYTES), async (request, response) => {
    const result = await verifyRequest(request.body);
    response.status(result.verified ? 200 : 400).json(result);
  });

  router.post('/verify/qr', deps.limit, express.raw({ type: IMAGE_TYPES, limit: IMAGE_LIMIT_BYTES }),
    ...strictJsonBody(JSON_LIMIT_BYTES, IMAGE_TYPES),
    async (request, response) => {
      const payload = await qrPayloadOf(request, deps.readQrImage);
      const hc1 = hc1Of(payload);
      if (hc1 !== undefined) {
        if (deps.dccTrustList === undefined) throw dccOff();
        const result = verifyHc1Text(hc1, deps.dccTrustList);
        deps.metrics.verifications.inc({ verified: String(result.verified), failed_check: result.errors[0]?.check ?? 'none' });
        response.status(result.verified ? 200 : 400).json(result);
        return;
      }
      const decoded = await decodeQrPayloadWithTrust(payload, { trustedIssuers: deps.trustedIssuers(), documentLoader: deps.documentLoader });
      const result = await verify(decoded.credential);
      response.status(result.verified ? 200 : 400).json({ ...result, format: decoded.format, credential: decoded.credential });
    });
  router.use(unsafeJsonAsFailure);
  return router;
}
