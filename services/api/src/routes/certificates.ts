import { Router, type Request, type Response } from 'express';
import { normalizeCertificateId } from '@healthcred/credentials';
import { HealthcredError } from '@healthcred/errors';
import { encodeCompactQr, encodeCompactQrV3, encodeDivocQr, renderQrPng, renderQrSvg, type QrDocumentLoader, type QrPayload } from '@healthcred/qr';
import type { CredentialStore, StoredCertificate } from '@healthcred/store';
import type { SignedHealthCredential, TrustedIssuer } from '@healthcred/types';
import type { CpuWork } from '../cpu-work.js';
import { createPdfCache } from '../pdf-cache.js';
import { citizenTries, downloadsPerMinute } from '../rate-limit.js';

const NOT_FOUND = 'No certificate matches this certificate id and birth date.';

/** What the citizen routes need. */
export interface CertificateRouteDeps {
  store: CredentialStore;
  /** Wrong id/birth-date pairs a client may send per minute. */
  triesPerMinute: number;
  /** Printed on the PDF, e.g. `Ministry of Health, Sri Lanka`. */
  issuerName?: string;
  /** Renders PDFs off the main thread. */
  renderPdf: CpuWork['renderPdf'];
  /** Bytes of rendered PDFs kept in memory (one per certificate version). */
  pdfCacheBytes: number;
  /** Downloads of one certificate a client may make per minute with the right birth date. */
  downloadsPerMinute: number;
  /** For `?format=cborld` (HCQ3): this issuer's trust entry (its tables) and a loader of its contexts. */
  compactV3: { ownEntry: () => TrustedIssuer; documentLoader: QrDocumentLoader };
}

/** Summary of one certificate in a holder's list: no personal data beyond what the caller already proved. */
function summary(certificate: StoredCertificate) {
  const evidence = (certificate.credential as SignedHealthCredential).evidence[0] as unknown as Record<string, unknown>;
  const pick = (...names: string[]) => Object.fromEntries(names.filter((n) => evidence[n] !== undefined).map((n) => [n, evidence[n]]));
  return {
    certificateId: certificate.certificateId, kind: certificate.kind, status: certificate.status,
    issuedAt: certificate.issuedAt, ...(certificate.supersededBy === undefined ? {} : { supersededBy: certificate.supersededBy }),
    ...(certificate.kind === 'vaccination' ? pick('vaccine', 'dose', 'totalDoses', 'date') : pick('disease', 'result', 'sampleCollectionTimestamp')),
  };
}

async function qrPayload(request: Request, credential: SignedHealthCredential, v3: CertificateRouteDeps['compactV3']): Promise<QrPayload> {
  const format = request.query.format ?? 'divoc';
  if (format === 'divoc') return encodeDivocQr(credential);
  if (format === 'compact') return encodeCompactQr(credential);
  if (format === 'cborld') return encodeCompactQrV3(credential, { issuer: v3.ownEntry(), documentLoader: v3.documentLoader });
  throw new HealthcredError('invalid_input', 'format must be "divoc", "compact" or "cborld".', { field: 'format' });
}

/**
 * The lookup every citizen route starts with: the certificate the request names (`:id`) and proves (`?dob=`), or a
 * 404 that is the same for an unknown id and a wrong birth date, or a 429 once the client used up its wrong tries
 * (counted in the store, so across replicas and routes).
 */
export function holderLookup(deps: Pick<CertificateRouteDeps, 'store' | 'triesPerMinute'>): (request: Request) => Promise<StoredCertificate> {
  const tries = citizenTries(deps.store, deps.triesPerMinute);
  return async (request) => {
    await tries.check(request);
    const id = normalizeCertificateId(String(request.params.id ?? ''));
    const dob = typeof request.query.dob === 'string' ? request.query.dob : '';
    const certificate = id && /^\d{4}-\d{2}-\d{2}$/.test(dob) ? await deps.store.findByCertificateId(id) : undefined;
    if (certificate && certificate.dob === dob) return certificate;
    await tries.fail(request);
    throw new HealthcredError('not_found', NOT_FOUND);
  };
}

/**
 * {@link holderLookup} for a download: once the pair is right, downloads of that certificate are also limited per
 * client (`downloadsPerMinute`, 429 with Retry-After), so a valid pair alone cannot take the server.
 */
export function holderDownload(
  deps: Pick<CertificateRouteDeps, 'store' | 'triesPerMinute' | 'downloadsPerMinute'>,
): (request: Request) => Promise<StoredCertificate> {
  const lookup = holderLookup(deps);
  const download = downloadsPerMinute(deps.downloadsPerMinute);
  return async (request) => {
    const certificate = await lookup(request);
    download(request, certificate.certificateId);
    return certificate;
  };
}

/**
 * The citizens' routes. Each needs the certificate id and the holder's birth date (`?dob=YYYY-MM-DD`); a wrong pair
 * and an unknown id give the same 404, and wrong tries are limited per client (429 with Retry-After), as are the
 * downloads of one certificate with the right pair. A PDF is rendered once per certificate version, on a worker
 * thread (503 with Retry-After when they are all busy), and kept in memory for the next download.
 * - `GET /certificates/{id}`: the signed credential JSON; for a replaced certificate (a correction, or a re-issue
 *   after a key revocation) with `Link: </certificates/{new id}>; rel="successor-version"`;
 * - `GET /certificates/{id}/qr.png|qr.svg?format=divoc|compact`: the QR code (DIVOC zip by default);
 * - `GET /certificates/{id}/pdf`: the printable certificate;
 * - `GET /certificates/{id}/holder`: every certificate of the same person, as summaries (a replaced one with
 *   `supersededBy`).
 */
export function certificateRoutes(deps: CertificateRouteDeps): Router {
  const router = Router();
  const holderCertificate = holderDownload(deps);
  const pdfs = createPdfCache({
    maxBytes: deps.pdfCacheBytes,
    render: (certificate) => deps.renderPdf({
      credential: certificate.credential as SignedHealthCredential,
      ...(deps.issuerName === undefined ? {} : { issuerName: deps.issuerName }),
    }),
  });

  const send = (response: Response, type: string, body: string | Buffer, filename?: string) => {
    response.set('Cache-Control', 'private, no-store').type(type);
    if (filename) response.attachment(filename);
    response.send(body);
  };

  router.get('/certificates/:id', async (request, response) => {
    const { credential, supersededBy } = await holderCertificate(request);
    if (supersededBy !== undefined) response.set('Link', `</certificates/${supersededBy}>; rel="successor-version"`);
    response.set('Cache-Control', 'private, no-store').json(credential);
  });
  router.get('/certificates/:id/qr.png', async (request, response) => {
    const certificate = await holderCertificate(request);
    send(response, 'image/png', await renderQrPng(await qrPayload(request, certificate.credential as SignedHealthCredential, deps.compactV3)));
  });
  router.get('/certificates/:id/qr.svg', async (request, response) => {
    const certificate = await holderCertificate(request);
    send(response, 'image/svg+xml', await renderQrSvg(await qrPayload(request, certificate.credential as SignedHealthCredential, deps.compactV3)));
  });
  router.get('/certificates/:id/pdf', async (request, response) => {
    const certificate = await holderCertificate(request);
    const pdf = await pdfs.get(certificate);
    send(response, 'application/pdf', pdf, `certificate-${certificate.certificateId}.pdf`);
  });
  router.get('/certificates/:id/holder', async (request, response) => {
    const certificate = await holderCertificate(request);
    const all = await deps.store.findBySubject(certificate.subjectId);
    response.set('Cache-Control', 'private, no-store').json({ certificates: all.map(summary) });
  });
  return router;
}
