import express, { Router, type RequestHandler } from 'express';
import { verifyCredential, type StatusChecker } from '@healthcred/credentials';
import { HC1_PREFIX, type TrustList } from '@healthcred/dcc';
import type { DocumentLoader } from '@healthcred/document-loader';
import { HealthcredError } from '@healthcred/errors';
import { decodeQrPayload, readQrImage } from '@healthcred/qr';
import type { VerificationResult } from '@healthcred/types';
import { jsonBody } from '../json-body.js';
import type { Metrics } from '../metrics.js';
import { dccOff, verifyHc1Text } from './dcc.js';

/** What the verification routes need. */
export interface VerifyRouteDeps {
  documentLoader: DocumentLoader;
  checkStatus: StatusChecker;
  limit: RequestHandler;
  metrics: Metrics;
  /** The DSCs EU DCC verification trusts; without it an HC1 is answered 404 (EU DCC not configured). */
  dccTrustList?: TrustList;
}

const IMAGE_TYPES = ['image/png', 'image/jpeg'];
const IMAGE_LIMIT_BYTES = 5 * 1024 * 1024;
const JSON_LIMIT_BYTES = 256 * 1024;

/** Reads the QR payload of `POST /verify/qr`: an uploaded PNG/JPEG, or `{payload}` text, or `{payloadBase64}` bytes. */
function qrPayloadOf(request: express.Request): Uint8Array | string {
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

/**
 * Public verification, no account needed, limited per client:
 * - `POST /credentials/verify` (W3C VC API shape): `{verifiableCredential}` → `{verified, checks, warnings, errors}`;
 * - `POST /verify/qr`: a QR image or payload (DIVOC zip or compact) → the same, plus the decoded credential; an EU
 *   DCC (`HC1:`) is verified against the trusted DSCs instead → `{verified, format: 'hc1', checks, ..., dcc}`.
 * Both check structure, dates, proof, issuer key and revocation (this issuer's lists, read from the store now).
 * Errors name the failing check; they never echo the credential's personal data.
 */
export function verifyRoutes(deps: VerifyRouteDeps): Router {
  const router = Router();
  const verify = async (credential: unknown): Promise<VerificationResult & { warnings: string[] }> => {
    const stop = deps.metrics.verifyDuration.startTimer();
    const result = await verifyCredential({ credential, documentLoader: deps.documentLoader, checkStatus: deps.checkStatus });
    stop();
    deps.metrics.verifications.inc({ verified: String(result.verified), failed_check: result.errors[0]?.check ?? 'none' });
    return { ...result, warnings: [] };
  };

  router.post('/credentials/verify', deps.limit, ...jsonBody(JSON_LIMIT_BYTES), async (request, response) => {
    const body = request.body as Record<string, unknown>;
    if (typeof body !== 'object' || body === null || Array.isArray(body) || !('verifiableCredential' in body)) {
      throw new HealthcredError('invalid_input', 'The body must be {"verifiableCredential": {...}}.', { field: 'verifiableCredential' });
    }
    response.json(await verify(body.verifiableCredential));
  });

  router.post('/verify/qr', deps.limit, express.raw({ type: IMAGE_TYPES, limit: IMAGE_LIMIT_BYTES }),
    ...jsonBody(JSON_LIMIT_BYTES, IMAGE_TYPES),
    async (request, response) => {
      const payload = qrPayloadOf(request);
      const hc1 = hc1Of(payload);
      if (hc1 !== undefined) {
        if (deps.dccTrustList === undefined) throw dccOff();
        const result = verifyHc1Text(hc1, deps.dccTrustList);
        deps.metrics.verifications.inc({ verified: String(result.verified), failed_check: result.errors[0]?.check ?? 'none' });
        response.json(result);
        return;
      }
      const decoded = decodeQrPayload(payload);
      response.json({ ...(await verify(decoded.credential)), format: decoded.format, credential: decoded.credential });
    });
  return router;
}
