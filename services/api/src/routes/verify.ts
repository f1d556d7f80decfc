import express, { Router, type ErrorRequestHandler, type RequestHandler } from 'express';
import { unsafeJsonResult, verifyCredential, type DivocRevocationChecker, type StatusChecker } from '@healthcred/credentials';
import { HC1_PREFIX, type TrustList } from '@healthcred/dcc';
import type { DocumentLoader } from '@healthcred/document-loader';
import { HealthcredError } from '@healthcred/errors';
import { decodeQrPayload } from '@healthcred/qr';
import type { TrustedIssuer, VerificationResult } from '@healthcred/types';
import { isUnsafeJsonError } from '@healthcred/validation';
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
const JSON_LIMIT_BYTES = 256 * 1024;

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
 * Public verification, no account needed, limited per client:
 * - `POST /credentials/verify` (W3C VC API shape): `{verifiableCredential}` → `{verified, checks, warnings, errors}`;
 * - `POST /verify/qr`: a QR image or payload (DIVOC zip or compact) → the same, plus the decoded credential; an EU
 *   DCC (`HC1:`) is verified against the trusted DSCs instead → `{verified, format: 'hc1', checks, ..., dcc}`.
 * Both run the one verifier (trust list, exact contexts, holder, dates, key, proof, revocation from the store now)
 * and answer 200 only for a verified credential; a failed verification answers 400 with the same body (VC API),
 * a malformed request 400 with `{error}`. Errors name the failing check; they never echo personal data.
 */
export function verifyRoutes(deps: VerifyRouteDeps): Router {
  const router = Router();
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

  router.post('/credentials/verify', deps.limit, ...strictJsonBody(JSON_LIMIT_BYTES), async (request, response) => {
    const body = request.body as Record<string, unknown>;
    if (typeof body !== 'object' || body === null || Array.isArray(body) || !('verifiableCredential' in body)) {
      throw new HealthcredError('invalid_input', 'The body must be {"verifiableCredential": {...}}.', { field: 'verifiableCredential' });
    }
    const result = await verify(body.verifiableCredential);
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
      const decoded = decodeQrPayload(payload);
      const result = await verify(decoded.credential);
      response.status(result.verified ? 200 : 400).json({ ...result, format: decoded.format, credential: decoded.credential });
    });
  router.use(unsafeJsonAsFailure);
  return router;
}
